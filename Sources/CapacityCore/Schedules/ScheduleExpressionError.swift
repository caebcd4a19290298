/// Why a schedule expression was rejected, with a message that names the field and the problem,
/// e.g. `cron field 2 (hour): 25 is out of range 0-23`.
public struct ScheduleExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, for callers that branch on it; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case unrecognizedForm = "unrecognized form"
            case fieldCount = "wrong field count"
            case syntax = "syntax"
            case valueOutOfRange = "value out of range"
            case dayFieldsConflict = "day fields conflict"
            case neverFires = "never fires"
            case invalidRate = "invalid rate"
            case invalidDate = "invalid date"
            case noFireInPeriod = "no fire in period"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// Not `cron(...)`, `rate(...)`, `at(...)` or a bare 5-field cron expression.
        public static let unrecognizedForm = Code(.unrecognizedForm)
        /// A cron expression with neither 5 (Unix) nor 6 (AWS) fields.
        public static let fieldCount = Code(.fieldCount)
        /// A malformed element: an unknown name, an empty list entry, a bad step or range.
        public static let syntax = Code(.syntax)
        /// A number outside the range its field allows.
        public static let valueOutOfRange = Code(.valueOutOfRange)
        /// Day-of-month and day-of-week do not follow the AWS rule (exactly one of them is `?`).
        public static let dayFieldsConflict = Code(.dayFieldsConflict)
        /// A cron expression that matches no date at all, such as `cron(0 0 30 FEB ? *)`.
        public static let neverFires = Code(.neverFires)
        /// A malformed `rate(...)`.
        public static let invalidRate = Code(.invalidRate)
        /// A malformed or impossible `at(...)` date.
        public static let invalidDate = Code(.invalidDate)
        /// The expression does not fire within the period ``ScheduleExpression/validateFires(within:from:in:)`` checked.
        public static let noFireInPeriod = Code(.noFireInPeriod)

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// The expression text as given.
    public let expression: String
    /// What is wrong and where, for people.
    public let message: String
    /// 1-based character position in ``expression`` where the problem starts, when it has one.
    public let column: Int?

    init(_ code: Code, expression: String, message: String, column: Int? = nil) {
        self.code = code
        self.expression = expression
        self.message = message
        self.column = column
    }

    public var description: String { message }
}
