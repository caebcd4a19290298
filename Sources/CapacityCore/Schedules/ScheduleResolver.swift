import Foundation

/// Combines a policy's schedules into the override in force at an instant.
///
/// **Overlap rule.** Each field (min capacity, max capacity, desired floor) is resolved on its own:
/// among the schedules whose window contains the instant and that set the field, the one whose current
/// window started most recently wins; on a tie, the schedule listed later in the policy wins. This mirrors
/// AWS, where the values of the most recent scheduled action are in force. Min and max may come from
/// different schedules, so the override can carry min above max; the caller reconciles them.
public struct ScheduleResolver: Sendable {
    public let schedules: [ScheduledBounds]

    /// What ``advance(to:)`` knows about each schedule: its state, valid from `from` until its next change.
    private var cursors: [Cursor?]

    private struct Cursor: Sendable {
        var from: Date
        var state: ScheduledBounds.State
    }

    /// How many window changes of one schedule ``advance(to:)`` replays before searching afresh.
    private static let replayLimit = 4

    public init(_ schedules: [ScheduledBounds]) {
        self.schedules = schedules
        self.cursors = Array(repeating: nil, count: schedules.count)
    }

    /// The override in force at `date`, and the instant until which it stays the same.
    ///
    /// - Returns: `override`, and `validUntil`: the next instant after `date` at which any schedule's
    ///   window starts or ends, so the result holds for every instant in `[date, validUntil)`
    ///   (`Date.distantFuture` when nothing will change). Callers stepping through time only need to
    ///   resolve again once they reach `validUntil`.
    public func resolve(at date: Date) -> (override: ScheduleOverride, validUntil: Date) {
        Self.combine(schedules.map { $0.state(at: date) }, schedules: schedules)
    }

    /// The same answer as ``resolve(at:)``, faster for a caller that moves forward through time (a
    /// simulator, a control loop): it remembers each schedule's window and next change, and at a change
    /// derives the new state from the old one instead of searching again. Only schedules whose window
    /// changed since the previous call cost anything. Moving backwards, or far ahead, searches afresh.
    public mutating func advance(to date: Date) -> (override: ScheduleOverride, validUntil: Date) {
        var states: [ScheduledBounds.State] = []
        states.reserveCapacity(schedules.count)
        for (index, schedule) in schedules.enumerated() {
            let cursor = Self.cursor(for: schedule, at: date, replaying: cursors[index])
            cursors[index] = cursor
            states.append(cursor.state)
        }
        return Self.combine(states, schedules: schedules)
    }

    private static func cursor(for schedule: ScheduledBounds, at date: Date, replaying cached: Cursor?) -> Cursor {
        guard var cursor = cached, cursor.from <= date else {
            return Cursor(from: date, state: schedule.state(at: date))
        }
        var replayed = 0
        while let change = cursor.state.nextChange, change <= date {
            replayed += 1
            guard replayed <= replayLimit, let next = schedule.state(following: cursor.state) else {
                return Cursor(from: date, state: schedule.state(at: date))
            }
            cursor = Cursor(from: change, state: next)
        }
        return cursor
    }

    private static func combine(
        _ states: [ScheduledBounds.State], schedules: [ScheduledBounds]
    ) -> (override: ScheduleOverride, validUntil: Date) {
        var override = ScheduleOverride()
        var validUntil = Date.distantFuture
        for (schedule, state) in zip(schedules, states) {
            if let change = state.nextChange, change < validUntil { validUntil = change }
            guard let window = state.window else { continue }
            // Schedules are visited in policy order, so a tie goes to the later one.
            offer(schedule.minCapacity, from: schedule.name, window: window, to: &override.minCapacity)
            offer(schedule.maxCapacity, from: schedule.name, window: window, to: &override.maxCapacity)
            offer(schedule.desiredFloor, from: schedule.name, window: window, to: &override.desiredFloor)
        }
        return (override, validUntil)
    }

    private static func offer(
        _ value: Int?, from schedule: String, window: DateInterval, to current: inout ScheduledValue?
    ) {
        guard let value else { return }
        if let current, current.window.start > window.start { return }
        current = ScheduledValue(value: value, schedule: schedule, window: window)
    }
}
