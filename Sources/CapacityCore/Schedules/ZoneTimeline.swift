import Foundation

/// The offsets of one time zone along the UTC time line, in whole seconds.
///
/// The time line is cut into segments of constant UTC offset by the zone's transitions; inside a
/// segment, wall-clock time and UTC map one to one.
struct ZoneTimeline: Sendable {
    let zone: TimeZone

    /// Instants are clamped to years 0001–9999 so every conversion to `Int` and every civil date is defined.
    static let earliestInstant = -62_135_596_800
    static let latestInstant = 253_402_300_799

    static func instant(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        if !(seconds >= Double(earliestInstant)) { return earliestInstant }
        if seconds > Double(latestInstant) { return latestInstant }
        return Int(seconds)
    }

    static func date(_ instant: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(instant))
    }

    /// Seconds to add to UTC to get wall-clock time at `instant`.
    func offset(at instant: Int) -> Int {
        zone.secondsFromGMT(for: Self.date(instant))
    }

    /// The first instant strictly after `instant` at which the offset may change.
    func transition(after instant: Int) -> Int? {
        guard let next = zone.nextDaylightSavingTimeTransition(after: Self.date(instant)) else { return nil }
        let seconds = next.timeIntervalSince1970.rounded(.toNearestOrAwayFromZero)
        guard seconds > Double(instant), seconds <= Double(Self.latestInstant) else { return nil }
        return Int(seconds)
    }

    /// The latest transition at or before `instant`, looking back at most `lookBack` seconds.
    ///
    /// `TimeZone` only answers "next transition", so this walks forward from the start of the look-back.
    func transition(atOrBefore instant: Int, lookBack: Int) -> Int? {
        var probe = instant - lookBack
        var latest: Int?
        while let next = transition(after: probe), next <= instant {
            latest = next
            probe = next
        }
        return latest
    }

    /// Whether wall-clock time `local`, which occurs at `instant`, occurred once before, at an earlier
    /// instant (the first pass through a repeated hour when clocks fall back).
    func occurredEarlier(local: Int, than instant: Int) -> Bool {
        // A repeated local time was first passed under the larger, earlier offset. Zones change their
        // offset at most once within a day, so the offset a day earlier is that earlier offset.
        let earlierOffset = offset(at: instant - CivilCalendar.secondsPerDay)
        let currentOffset = offset(at: instant)
        guard earlierOffset > currentOffset else { return false }
        let candidate = local - earlierOffset
        return candidate < instant && offset(at: candidate) == earlierOffset
    }
}
