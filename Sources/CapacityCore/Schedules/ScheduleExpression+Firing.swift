import Foundation

extension ScheduleExpression {
    /// The default anchor of `rate(...)` expressions: 1970-01-01T00:00:00Z.
    public static let unixEpoch = Date(timeIntervalSince1970: 0)

    /// The first instant strictly after `date` at which the expression fires.
    ///
    /// Cron and `at` expressions are wall-clock times in `timeZone`. At DST transitions:
    /// - a local time that does not exist (the spring-forward gap, such as 02:30 on 2026-03-29 in
    ///   Europe/Berlin) fires once, at the first instant after the gap (03:00 local), as in Vixie cron;
    /// - a local time that occurs twice (fall-back) fires once, at its first occurrence;
    /// - except for expressions whose hour field names every hour (`0 * * * ? *`, `*/15 * * * *`): they
    ///   describe a rhythm of real time, so like Vixie cron's wildcard jobs they follow the clock as it
    ///   reads — skipped local times do not fire, repeated ones fire at both occurrences. An hourly
    ///   expression thus fires every real hour across both transitions (23 fires on the short day, 25 on
    ///   the long day), never twice at one instant.
    ///
    /// `rate` expressions fire at `rateAnchor + k·period` for every integer k, in absolute time.
    ///
    /// - Returns: The fire, or nil when there is none (an `at` in the past, the last year of a cron's
    ///   year field passed, or nothing within 401 years).
    public func nextFire(after date: Date, in timeZone: TimeZone, rateAnchor: Date = unixEpoch) -> Date? {
        let instant = ZoneTimeline.instant(date)
        let timeline = ZoneTimeline(zone: timeZone)
        switch form {
        case .cron(let pattern, _):
            return WallClockFiring(pattern: pattern, timeline: timeline).next(after: instant).map(ZoneTimeline.date)
        case .at(let time):
            return WallClockFiring(pattern: time, timeline: timeline).next(after: instant).map(ZoneTimeline.date)
        case .rate(let interval):
            return interval.next(after: date, anchor: rateAnchor)
        }
    }

    /// The last instant at or before `date` at which the expression fires, with the same rules as
    /// ``nextFire(after:in:rateAnchor:)``.
    public func previousFire(atOrBefore date: Date, in timeZone: TimeZone, rateAnchor: Date = unixEpoch) -> Date? {
        let instant = ZoneTimeline.instant(date)
        let timeline = ZoneTimeline(zone: timeZone)
        switch form {
        case .cron(let pattern, _):
            return WallClockFiring(pattern: pattern, timeline: timeline).previous(atOrBefore: instant)
                .map(ZoneTimeline.date)
        case .at(let time):
            return WallClockFiring(pattern: time, timeline: timeline).previous(atOrBefore: instant)
                .map(ZoneTimeline.date)
        case .rate(let interval):
            return interval.previous(atOrBefore: date, anchor: rateAnchor)
        }
    }

    /// The first fire at or after `date`.
    func firstFire(atOrAfter date: Date, in timeZone: TimeZone, rateAnchor: Date = unixEpoch) -> Date? {
        if let previous = previousFire(atOrBefore: date, in: timeZone, rateAnchor: rateAnchor), previous == date {
            return previous
        }
        return nextFire(after: date, in: timeZone, rateAnchor: rateAnchor)
    }

    /// Checks that the expression fires at least once in `[reference, reference + years)`, for policy
    /// checks that reject schedules which have expired or will not fire for a long time (an `at` in the
    /// past, a cron whose year field has passed, `cron(0 0 29 FEB ? 2027)`).
    ///
    /// The default of 8 years is the longest gap between two 29 Februaries.
    /// - Throws: ``ScheduleExpressionError`` with code ``ScheduleExpressionError/Code/noFireInPeriod``.
    public func validateFires(
        within years: Int = 8, from reference: Date, in timeZone: TimeZone = .gmt
    ) throws(ScheduleExpressionError) {
        let horizon = Self.adding(years: years, to: reference)
        if let fire = firstFire(atOrAfter: reference, in: timeZone), fire < horizon { return }
        let style = Date.ISO8601FormatStyle()
        throw ScheduleExpressionError(
            .noFireInPeriod, expression: description,
            message: "\(description) does not fire between \(reference.formatted(style)) and "
                + "\(horizon.formatted(style)) in \(timeZone.identifier)")
    }

    /// `date` plus whole calendar years in UTC (29 February becomes 28 February in a common year).
    private static func adding(years: Int, to date: Date) -> Date {
        let instant = ZoneTimeline.instant(date)
        var time = LocalDateTime(localSeconds: instant)
        time.year = min(max(time.year + years, 1), 9_999)
        time.day = min(time.day, CivilCalendar.daysInMonth(year: time.year, month: time.month))
        let fraction = date.timeIntervalSince1970 - TimeInterval(instant)
        return Date(timeIntervalSince1970: TimeInterval(time.localSeconds) + fraction)
    }
}
