/// Why a ``ScheduledBounds`` was rejected; the message names the schedule and the problem.
public struct ScheduledBoundsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem, for callers that branch on it; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case emptyName = "empty name"
            case unknownTimeZone = "unknown time zone"
            case nonPositiveDuration = "non-positive duration"
            case emptyValidity = "empty validity range"
            case noCapacity = "no capacity"
            case negativeCapacity = "negative capacity"
            case inconsistentCapacity = "inconsistent capacity"
        }

        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The name is empty or only whitespace.
        public static let emptyName = Code(.emptyName)
        /// The time zone is not an IANA identifier (abbreviations such as `CET` or `PST` and offsets such as
        /// `GMT+2` are rejected; `UTC`, `Etc/GMT+9` and `Region/City` names are accepted).
        public static let unknownTimeZone = Code(.unknownTimeZone)
        /// A ``ScheduleEnd/duration(seconds:)`` of zero or less.
        public static let nonPositiveDuration = Code(.nonPositiveDuration)
        /// `startTime` is not before `endTime`.
        public static let emptyValidity = Code(.emptyValidity)
        /// None of min, max and desired floor is set.
        public static let noCapacity = Code(.noCapacity)
        /// A capacity below zero.
        public static let negativeCapacity = Code(.negativeCapacity)
        /// Min above max, or a desired floor above max.
        public static let inconsistentCapacity = Code(.inconsistentCapacity)

        public var description: String { value.rawValue }
    }

    public let code: Code
    /// The schedule's name as given.
    public let schedule: String
    public let message: String

    init(_ code: Code, schedule: String, _ problem: String) {
        self.code = code
        self.schedule = schedule
        self.message = "schedule '\(schedule)': \(problem)"
    }

    public var description: String { message }
}
