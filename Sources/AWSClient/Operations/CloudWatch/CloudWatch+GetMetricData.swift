import Foundation

extension CloudWatch {
    /// One entry of `MetricDataQueries`: a metric to read (``metricStat``) or a metric math
    /// ``expression``, under an ``id`` the results are matched by.
    public struct MetricDataQuery: Sendable, Hashable, Encodable {
        /// Matches `^[a-z][a-zA-Z0-9_]*$` and is unique within a call (see ``CloudWatch/isValidQueryID(_:)``).
        public var id: String
        /// The metric to read; `nil` for an ``expression`` query.
        public var metricStat: MetricStat?
        /// A metric math expression; `nil` for a ``metricStat`` query.
        public var expression: String?
        /// A name for the result; CloudWatch makes one up if `nil`.
        public var label: String?
        /// Whether the result is returned; `nil` means yes.
        public var returnData: Bool?
        /// The period of an ``expression`` query; a ``metricStat`` carries its own.
        public var period: Int?

        /// A query that reads one metric.
        public init(id: String, metricStat: MetricStat, label: String? = nil, returnData: Bool? = nil) {
            self.id = id
            self.metricStat = metricStat
            self.label = label
            self.returnData = returnData
        }

        /// A metric math query.
        public init(id: String, expression: String, period: Int? = nil, label: String? = nil, returnData: Bool? = nil) {
            self.id = id
            self.expression = expression
            self.period = period
            self.label = label
            self.returnData = returnData
        }

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case metricStat = "MetricStat"
            case expression = "Expression"
            case label = "Label"
            case returnData = "ReturnData"
            case period = "Period"
        }
    }

    /// The order datapoints come back in.
    public enum ScanBy: String, Sendable, Hashable, Codable {
        case timestampDescending = "TimestampDescending"
        case timestampAscending = "TimestampAscending"
    }

    /// The input of `GetMetricData`: up to ``CloudWatchClient/maxQueriesPerCall`` queries over
    /// one time range.
    public struct GetMetricDataInput: Sendable, Hashable, Encodable {
        /// The queries, sent as `MetricDataQueries`.
        public var queries: [MetricDataQuery]
        /// Inclusive start. Align it to the period: CloudWatch (and moto) count periods from here.
        public var startTime: Date
        /// Exclusive end.
        public var endTime: Date
        /// The `NextToken` of the previous page, if this asks for a later page.
        public var nextToken: String?
        /// Newest or oldest datapoints first (CloudWatch's default: newest first).
        public var scanBy: ScanBy?
        /// The most datapoints to return over all queries (CloudWatch's default is 100,800).
        public var maxDatapoints: Int?

        public init(
            queries: [MetricDataQuery], startTime: Date, endTime: Date, nextToken: String? = nil,
            scanBy: ScanBy? = nil, maxDatapoints: Int? = nil
        ) {
            self.queries = queries
            self.startTime = startTime
            self.endTime = endTime
            self.nextToken = nextToken
            self.scanBy = scanBy
            self.maxDatapoints = maxDatapoints
        }

        enum CodingKeys: String, CodingKey {
            case queries = "MetricDataQueries"
            case startTime = "StartTime"
            case endTime = "EndTime"
            case nextToken = "NextToken"
            case scanBy = "ScanBy"
            case maxDatapoints = "MaxDatapoints"
        }
    }

    /// How complete a query's result is.
    public struct StatusCode: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Every datapoint of the range was returned.
        public static let complete = StatusCode(rawValue: "Complete")
        /// More datapoints follow on the page of the `NextToken`.
        public static let partialData = StatusCode(rawValue: "PartialData")
        /// CloudWatch failed to read this query.
        public static let internalError = StatusCode(rawValue: "InternalError")
        /// The caller may not read this metric.
        public static let forbidden = StatusCode(rawValue: "Forbidden")

        /// Whether the status says the query failed (as opposed to complete or partial data).
        public var isFailure: Bool { self != .complete && self != .partialData }

        public var description: String { rawValue }

        public init(from decoder: any Decoder) throws {
            rawValue = try decoder.singleValueContainer().decode(String.self)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
    }

    /// A message CloudWatch attached to a call or a result, e.g. `MaxQueryTimeRangeExceed`.
    public struct MessageData: Sendable, Hashable, Decodable, CustomStringConvertible {
        /// The message code, e.g. `MaxQueryTimeRangeExceed`.
        public var code: String
        /// The message text.
        public var value: String

        public init(code: String, value: String) {
            self.code = code
            self.value = value
        }

        enum CodingKeys: String, CodingKey {
            case code = "Code"
            case value = "Value"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decodeIfPresent(String.self, forKey: .code) ?? ""
            value = try container.decodeIfPresent(String.self, forKey: .value) ?? ""
        }

        public var description: String { value.isEmpty ? code : "\(code): \(value)" }
    }

    /// The datapoints of one query: ``timestamps`` (period starts) and ``values`` pair up by index.
    public struct MetricDataResult: Sendable, Hashable, Decodable {
        /// The ``MetricDataQuery/id`` this answers.
        public var id: String
        /// The query's label, or one CloudWatch made up.
        public var label: String?
        /// The start of each datapoint's period.
        public var timestamps: [Date]
        /// Each datapoint's value, paired with ``timestamps`` by index.
        public var values: [Double]
        /// Whether all datapoints came, more follow, or the query failed.
        public var statusCode: StatusCode?
        /// Why a query failed or was cut short, when CloudWatch says.
        public var messages: [MessageData]

        public init(
            id: String, label: String? = nil, timestamps: [Date], values: [Double], statusCode: StatusCode? = .complete,
            messages: [MessageData] = []
        ) {
            self.id = id
            self.label = label
            self.timestamps = timestamps
            self.values = values
            self.statusCode = statusCode
            self.messages = messages
        }

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case label = "Label"
            case timestamps = "Timestamps"
            case values = "Values"
            case statusCode = "StatusCode"
            case messages = "Messages"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            label = try container.decodeIfPresent(String.self, forKey: .label)
            timestamps = try container.decodeIfPresent([Date].self, forKey: .timestamps) ?? []
            values = try container.decodeIfPresent([Double].self, forKey: .values) ?? []
            statusCode = try container.decodeIfPresent(StatusCode.self, forKey: .statusCode)
            messages = try container.decodeIfPresent([MessageData].self, forKey: .messages) ?? []
            guard timestamps.count == values.count else {
                throw DecodingError.dataCorruptedError(
                    forKey: .values, in: container,
                    debugDescription: "result \(id) has \(timestamps.count) timestamps but \(values.count) values"
                )
            }
        }

        /// The datapoints as (period start, value) pairs, in the order CloudWatch sent them.
        public var datapoints: [(timestamp: Date, value: Double)] {
            Array(zip(timestamps, values)).map { (timestamp: $0.0, value: $0.1) }
        }
    }

    /// The output of `GetMetricData`: one page, or all pages merged
    /// (``CloudWatchClient/getMetricDataAllPages(_:maxPages:)``).
    public struct GetMetricDataOutput: Sendable, Hashable, Decodable {
        /// One result per query with `ReturnData` (the same ID may recur on later pages).
        public var results: [MetricDataResult]
        /// Set when more datapoints remain; pass it back in ``GetMetricDataInput/nextToken``.
        public var nextToken: String?
        /// Messages about the whole call.
        public var messages: [MessageData]

        public init(results: [MetricDataResult], nextToken: String? = nil, messages: [MessageData] = []) {
            self.results = results
            self.nextToken = nextToken
            self.messages = messages
        }

        enum CodingKeys: String, CodingKey {
            case results = "MetricDataResults"
            case nextToken = "NextToken"
            case messages = "Messages"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            results = try container.decodeIfPresent([MetricDataResult].self, forKey: .results) ?? []
            let token = try container.decodeIfPresent(String.self, forKey: .nextToken)
            nextToken = token?.isEmpty == true ? nil : token
            messages = try container.decodeIfPresent([MessageData].self, forKey: .messages) ?? []
        }

        /// The result with `id`, if the output has one.
        public func result(id: String) -> MetricDataResult? {
            results.first { $0.id == id }
        }
    }

    /// Whether `id` is a valid `MetricDataQuery` ID: `^[a-z][a-zA-Z0-9_]*$`, at most 255 characters.
    public static func isValidQueryID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first, bytes.count <= 255, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }
}
