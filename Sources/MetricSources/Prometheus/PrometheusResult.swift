import Foundation

/// One sample: when and what. Prometheus sends `NaN`, `+Inf` and `-Inf` as such; they are
/// kept here and turned into "no value" by the sources.
public struct PrometheusSample: Sendable, Hashable {
    /// The sample's time (for a query, the evaluation time).
    public var timestamp: Date
    /// The value, possibly NaN or infinite.
    public var value: Double

    public init(timestamp: Date, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}

/// A labelled series with one sample (instant vector) or many (range vector or range query).
public struct PrometheusSeries: Sendable, Hashable {
    /// The series labels, `__name__` included when the result has one.
    public var labels: [String: String]
    /// The samples, oldest first.
    public var samples: [PrometheusSample]

    public init(labels: [String: String], samples: [PrometheusSample]) {
        self.labels = labels
        self.samples = samples
    }

    /// `{a="1", b="2"}` for messages (labels sorted), `{}` when there are none.
    public var labelText: String {
        let pairs = labels.keys.sorted().map { key in "\(key)=\"\(labels[key] ?? "")\"" }
        return "{" + pairs.joined(separator: ", ") + "}"
    }
}

/// The `data` of a successful `/api/v1/query` or `/api/v1/query_range` answer.
public enum PrometheusResult: Sendable, Hashable {
    /// An instant vector: each series with exactly one sample.
    case vector([PrometheusSeries])
    /// A range vector (`/api/v1/query_range`, or `metric[5m]` in an instant query).
    case matrix([PrometheusSeries])
    /// A single number, e.g. `scalar(sum(up))` or `1 + 1`.
    case scalar(PrometheusSample)
    /// A string literal.
    case string(timestamp: Date, value: String)

    /// `vector`, `matrix`, `scalar` or `string`, as Prometheus names it.
    public var resultType: String {
        switch self {
        case .vector: "vector"
        case .matrix: "matrix"
        case .scalar: "scalar"
        case .string: "string"
        }
    }
}
