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

    public init(_ schedules: [ScheduledBounds]) {
        self.schedules = schedules
    }

    /// The override in force at `date`, and the instant until which it stays the same.
    ///
    /// - Returns: `override`, and `validUntil`: the next instant after `date` at which any schedule's
    ///   window starts or ends, so the result holds for every instant in `[date, validUntil)`
    ///   (`Date.distantFuture` when nothing will change). Callers stepping through time only need to
    ///   resolve again once they reach `validUntil`.
    public func resolve(at date: Date) -> (override: ScheduleOverride, validUntil: Date) {
        var override = ScheduleOverride()
        var validUntil = Date.distantFuture
        for schedule in schedules {
            let state = schedule.state(at: date)
            if let change = state.nextChange, change < validUntil { validUntil = change }
            guard let window = state.window else { continue }
            // Schedules are visited in policy order, so `>=` hands ties to the later one.
            Self.offer(schedule.minCapacity, from: schedule.name, window: window, to: &override.minCapacity)
            Self.offer(schedule.maxCapacity, from: schedule.name, window: window, to: &override.maxCapacity)
            Self.offer(schedule.desiredFloor, from: schedule.name, window: window, to: &override.desiredFloor)
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
