import Foundation

/// The JSON envelope of every Prometheus HTTP API answer:
/// `{"status": "success"|"error", "data": …, "errorType": …, "error": …, "warnings": […]}`.
struct PrometheusResponse: Decodable {
    var status: String
    var data: PrometheusResultPayload?
    var errorType: String?
    var error: String?
    var warnings: [String]?
}

/// `{"resultType": …, "result": …}`, decoded by its type.
struct PrometheusResultPayload: Decodable {
    var result: PrometheusResult

    enum CodingKeys: String, CodingKey {
        case resultType
        case result
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .resultType)
        switch type {
        case "vector":
            let items = try container.decode([InstantItem].self, forKey: .result)
            result = .vector(items.map { PrometheusSeries(labels: $0.metric, samples: [$0.value]) })
        case "matrix":
            let items = try container.decode([RangeItem].self, forKey: .result)
            result = .matrix(items.map { PrometheusSeries(labels: $0.metric, samples: $0.values) })
        case "scalar":
            result = .scalar(try container.decode(SamplePair.self, forKey: .result).sample)
        case "string":
            let pair = try container.decode(StringPair.self, forKey: .result)
            result = .string(timestamp: pair.timestamp, value: pair.value)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .resultType, in: container, debugDescription: "unknown resultType '\(type)'")
        }
    }

    /// `{"metric": {…}, "value": [t, "v"]}`; a native histogram sample has `histogram` instead.
    private struct InstantItem: Decodable {
        var metric: [String: String]
        var value: PrometheusSample

        enum CodingKeys: String, CodingKey {
            case metric, value, histogram
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metric = try container.decodeIfPresent([String: String].self, forKey: .metric) ?? [:]
            guard container.contains(.value) else {
                let what = container.contains(.histogram) ? "a native histogram; ask for a number such as histogram_quantile(…) or histogram_sum(…)" : "no value"
                let labels = PrometheusSeries(labels: metric, samples: []).labelText
                throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: "series \(labels) has \(what)")
            }
            value = try container.decode(SamplePair.self, forKey: .value).sample
        }
    }

    /// `{"metric": {…}, "values": [[t, "v"], …]}`
    private struct RangeItem: Decodable {
        var metric: [String: String]
        var values: [PrometheusSample]

        enum CodingKeys: String, CodingKey {
            case metric, values, histograms
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metric = try container.decodeIfPresent([String: String].self, forKey: .metric) ?? [:]
            if !container.contains(.values), container.contains(.histograms) {
                let labels = PrometheusSeries(labels: metric, samples: []).labelText
                throw DecodingError.dataCorruptedError(
                    forKey: .histograms, in: container,
                    debugDescription: "series \(labels) holds native histograms; ask for a number such as histogram_quantile(…)")
            }
            values = try (container.decodeIfPresent([SamplePair].self, forKey: .values) ?? []).map(\.sample)
        }
    }

    /// `[1767573030.5, "60"]`: seconds since 1970 and the value as text.
    private struct SamplePair: Decodable {
        var sample: PrometheusSample

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let seconds = try container.decode(Double.self)
            let text = try container.decode(String.self)
            guard let value = PrometheusResultPayload.parseValue(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a sample value")
            }
            sample = PrometheusSample(timestamp: Date(timeIntervalSince1970: seconds), value: value)
        }
    }

    private struct StringPair: Decodable {
        var timestamp: Date
        var value: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            timestamp = Date(timeIntervalSince1970: try container.decode(Double.self))
            value = try container.decode(String.self)
        }
    }

    /// Prometheus writes values with Go's `strconv.FormatFloat(v, 'f', -1, 64)`, plus `NaN`,
    /// `+Inf` and `-Inf`.
    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default:
            let allowed = text.utf8.allSatisfy { byte in
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            }
            return allowed ? Double(text) : nil
        }
    }
}
