/// A trace could not be exported. The message says what is wrong and how to fix it.
public struct TraceExportError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidArgument
            case gaps
            case noData
            case badValue
            case offGrid
            case writeFailed
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A time, duration or range argument is not usable.
        public static let invalidArgument = Code(.invalidArgument)
        /// Steps without a value, and no fill was asked for.
        public static let gaps = Code(.gaps)
        /// The source had no value at all in the range.
        public static let noData = Code(.noData)
        /// A value a trace cannot hold (negative).
        public static let badValue = Code(.badValue)
        /// The source answered a time that is not on the step grid.
        public static let offGrid = Code(.offGrid)
        /// The output file could not be written; nothing was left behind.
        public static let writeFailed = Code(.writeFailed)

        public var description: String {
            switch kind {
            case .invalidArgument: "invalid argument"
            case .gaps: "gaps"
            case .noData: "no data"
            case .badValue: "bad value"
            case .offGrid: "off grid"
            case .writeFailed: "write failed"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human explanation.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
