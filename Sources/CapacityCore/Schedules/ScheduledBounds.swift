import Foundation

/// One scheduled window of a policy: from each fire of ``start`` until its ``end``, the policy's bounds
/// are overridden by whichever of ``minCapacity``, ``maxCapacity`` and ``desiredFloor`` are set.
///
/// Cron and `at` expressions are read as wall-clock times in ``timeZone``; ``startTime`` and ``endTime``
/// are UTC instants bounding when the schedule applies, like AWS's `StartTime` and `EndTime`:
/// only start fires in `[startTime, endTime)` open windows, and a window is cut short at `endTime`.
/// A `rate(...)` start is anchored at ``startTime`` when given (fires at `startTime + k·period`),
/// otherwise at 1970-01-01T00:00:00Z.
public struct ScheduledBounds: Sendable, Hashable {
    public let name: String
    public let start: ScheduleExpression
    public let end: ScheduleEnd
    public let timeZone: TimeZone
    public let startTime: Date?
    public let endTime: Date?
    public let minCapacity: Int?
    public let maxCapacity: Int?
    public let desiredFloor: Int?

    /// - Parameters:
    ///   - timeZone: An IANA time zone identifier such as `Europe/Berlin`, `UTC` or `Etc/GMT+9`.
    /// - Throws: ``ScheduledBoundsError`` for an empty name, an unknown time zone, a non-positive duration,
    ///   `startTime >= endTime`, no capacity set, a negative capacity, min above max or a floor above max.
    public init(
        name: String,
        start: ScheduleExpression,
        end: ScheduleEnd,
        timeZone: String = "UTC",
        startTime: Date? = nil,
        endTime: Date? = nil,
        minCapacity: Int? = nil,
        maxCapacity: Int? = nil,
        desiredFloor: Int? = nil
    ) throws(ScheduledBoundsError) {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw ScheduledBoundsError(.emptyName, schedule: name, "the name is empty")
        }
        guard let zone = Self.ianaTimeZone(timeZone) else {
            throw ScheduledBoundsError(
                .unknownTimeZone, schedule: name,
                "time zone '\(timeZone)' is not an IANA time zone identifier (such as Europe/Berlin or UTC)")
        }
        if case .duration(let seconds) = end, seconds <= 0 {
            throw ScheduledBoundsError(
                .nonPositiveDuration, schedule: name, "duration must be positive, got \(seconds) seconds")
        }
        if let startTime, let endTime, startTime >= endTime {
            let style = Date.ISO8601FormatStyle()
            throw ScheduledBoundsError(
                .emptyValidity, schedule: name,
                "startTime \(startTime.formatted(style)) is not before endTime \(endTime.formatted(style))")
        }
        guard minCapacity != nil || maxCapacity != nil || desiredFloor != nil else {
            throw ScheduledBoundsError(
                .noCapacity, schedule: name, "set at least one of minCapacity, maxCapacity and desiredFloor")
        }
        for (field, value) in [("minCapacity", minCapacity), ("maxCapacity", maxCapacity), ("desiredFloor", desiredFloor)] {
            if let value, value < 0 {
                throw ScheduledBoundsError(.negativeCapacity, schedule: name, "\(field) must be at least 0, got \(value)")
            }
        }
        if let minCapacity, let maxCapacity, minCapacity > maxCapacity {
            throw ScheduledBoundsError(
                .inconsistentCapacity, schedule: name,
                "minCapacity \(minCapacity) is above maxCapacity \(maxCapacity)")
        }
        if let desiredFloor, let maxCapacity, desiredFloor > maxCapacity {
            throw ScheduledBoundsError(
                .inconsistentCapacity, schedule: name,
                "desiredFloor \(desiredFloor) is above maxCapacity \(maxCapacity)")
        }
        self.name = name
        self.start = start
        self.end = end
        self.timeZone = zone
        self.startTime = startTime
        self.endTime = endTime
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.desiredFloor = desiredFloor
    }

    /// The zone for an IANA identifier, or nil. Foundation also accepts abbreviations (`PST`) and
    /// offsets (`GMT+2`, normalised to `GMT+0200`); neither is an IANA name, and abbreviations are ambiguous.
    static func ianaTimeZone(_ identifier: String) -> TimeZone? {
        if identifier == "UTC" || identifier == "GMT" { return TimeZone(identifier: "UTC") }
        guard TimeZone.abbreviationDictionary[identifier] == nil,
            let zone = TimeZone(identifier: identifier), zone.identifier == identifier
        else { return nil }
        return zone
    }
}
