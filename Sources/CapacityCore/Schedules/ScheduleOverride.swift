/// What the active schedules change at one instant; each field is nil when no active schedule sets it.
public struct ScheduleOverride: Sendable, Hashable, Codable {
    public var minCapacity: ScheduledValue?
    public var maxCapacity: ScheduledValue?
    public var desiredFloor: ScheduledValue?

    public init(minCapacity: ScheduledValue? = nil, maxCapacity: ScheduledValue? = nil, desiredFloor: ScheduledValue? = nil) {
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.desiredFloor = desiredFloor
    }

    /// The names of the schedules that set a field, in field order (min, max, floor), without repeats.
    public var sources: [String] {
        var names: [String] = []
        for value in [minCapacity, maxCapacity, desiredFloor] {
            if let name = value?.schedule, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// True when no schedule is in force.
    public var isEmpty: Bool {
        minCapacity == nil && maxCapacity == nil && desiredFloor == nil
    }
}
