/// A set of wall-clock times (whole seconds of local time, see ``LocalDateTime``) that a schedule fires at.
protocol WallClockPattern: Sendable {
    /// The earliest matching local time `>= local` and `< limit`, searching no later than the end of `yearLimit`.
    func firstMatch(atOrAfter local: Int, before limit: Int?, yearLimit: Int) -> Int?
    /// The latest matching local time `<= local` and `>= limit`, searching no earlier than the start of `yearFloor`.
    func lastMatch(atOrBefore local: Int, notBefore limit: Int?, yearFloor: Int) -> Int?
    /// True when the pattern names every hour of the day, so it describes a rhythm of real time rather
    /// than a time of day; see ``WallClockFiring`` for what that changes at DST transitions.
    var followsElapsedTime: Bool { get }
    /// The years outside which the pattern never matches, if it is limited to some.
    var yearBounds: ClosedRange<Int>? { get }
}

/// Maps a wall-clock pattern onto UTC instants in one time zone, with the DST rules of Vixie cron:
///
/// - A **time-of-day** pattern (one that does not name every hour, such as `30 2 * * *`) fires once per
///   matching local time. A local time inside a spring-forward gap fires once at the first instant after
///   the gap (02:30 on a day that jumps from 02:00 to 03:00 fires at 03:00); a local time that occurs twice
///   because clocks fall back fires only at its first occurrence.
/// - An **every-hour** pattern (hour field `*`, such as `0 * * * *` or `*/15 * * * *`) follows the clock as
///   it reads: local times in a gap do not exist and are skipped, and local times in a repeated hour fire
///   at both occurrences. An hourly expression therefore fires once every real hour across both
///   transitions — 23 fires on the spring-forward day and 25 on the fall-back day, never two at once.
///
/// The search walks the UTC time line segment by segment (constant offset between transitions) and asks
/// the pattern for its next match inside each segment, so it costs a few field-wise searches per call,
/// not a scan over minutes.
struct WallClockFiring<Pattern: WallClockPattern>: Sendable {
    let pattern: Pattern
    let timeline: ZoneTimeline

    /// How far a search goes when the pattern has no year bounds: a Gregorian cycle is 400 years, so a
    /// pattern that matches at all matches within any 401 years.
    static var searchYears: Int { 401 }

    func next(after instant: Int) -> Int? {
        guard instant < ZoneTimeline.latestInstant else { return nil }
        let startYear = LocalDateTime(localSeconds: instant + timeline.offset(at: instant)).year
        let yearLimit = min(pattern.yearBounds?.upperBound ?? Int.max, startYear + Self.searchYears, 9_999)
        var segmentStart = instant + 1
        while true {
            let offset = timeline.offset(at: segmentStart)
            let segmentEnd = timeline.transition(after: segmentStart)
            var from = segmentStart + offset
            while let local = pattern.firstMatch(
                atOrAfter: from, before: segmentEnd.map { $0 + offset }, yearLimit: yearLimit
            ) {
                let fire = local - offset
                if !pattern.followsElapsedTime, timeline.occurredEarlier(local: local, than: fire) {
                    from = local + 1
                    continue
                }
                return fire
            }
            guard let segmentEnd else { return nil }
            let nextOffset = timeline.offset(at: segmentEnd)
            if !pattern.followsElapsedTime, nextOffset > offset,
                pattern.firstMatch(
                    atOrAfter: segmentEnd + offset, before: segmentEnd + nextOffset, yearLimit: yearLimit
                ) != nil
            {
                return segmentEnd
            }
            if LocalDateTime(localSeconds: segmentEnd + nextOffset).year > yearLimit { return nil }
            segmentStart = segmentEnd
        }
    }

    func previous(atOrBefore instant: Int) -> Int? {
        guard instant > ZoneTimeline.earliestInstant else { return nil }
        let startYear = LocalDateTime(localSeconds: instant + timeline.offset(at: instant)).year
        let yearFloor = max(pattern.yearBounds?.lowerBound ?? Int.min, startYear - Self.searchYears, 1)
        var segmentLast = instant
        while true {
            let offset = timeline.offset(at: segmentLast)
            // Without a transition in the last year, a year-long piece of the time line stands in for the segment.
            let lookBack = 366 * CivilCalendar.secondsPerDay
            let segmentStart = timeline.transition(atOrBefore: segmentLast, lookBack: lookBack)
                ?? (segmentLast - lookBack)
            var upTo = segmentLast + offset
            while let local = pattern.lastMatch(
                atOrBefore: upTo, notBefore: segmentStart + offset, yearFloor: yearFloor
            ) {
                let fire = local - offset
                if !pattern.followsElapsedTime, timeline.occurredEarlier(local: local, than: fire) {
                    upTo = local - 1
                    continue
                }
                return fire
            }
            let previousOffset = timeline.offset(at: segmentStart - 1)
            if !pattern.followsElapsedTime, offset > previousOffset,
                pattern.firstMatch(
                    atOrAfter: segmentStart + previousOffset, before: segmentStart + offset,
                    yearLimit: LocalDateTime(localSeconds: segmentStart + offset).year
                ) != nil
            {
                return segmentStart
            }
            if LocalDateTime(localSeconds: segmentStart - 1 + previousOffset).year < yearFloor { return nil }
            if segmentStart - 1 <= ZoneTimeline.earliestInstant { return nil }
            segmentLast = segmentStart - 1
        }
    }
}
