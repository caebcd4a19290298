import Foundation

/// A capacity value set by a schedule, with where it came from for the decision's reasons.
public struct ScheduledValue: Sendable, Hashable, Codable {
    public var value: Int
    /// The name of the schedule that set it.
    public var schedule: String
    /// The window of that schedule in force.
    public var window: DateInterval

    public init(value: Int, schedule: String, window: DateInterval) {
        self.value = value
        self.schedule = schedule
        self.window = window
    }
}
