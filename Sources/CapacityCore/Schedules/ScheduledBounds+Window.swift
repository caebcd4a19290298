import Foundation

extension ScheduledBounds {
    /// Where `date` stands relative to this schedule.
    struct State: Sendable {
        /// The window containing the date, if any.
        var window: DateInterval?
        /// The next instant after the date at which the window changes: its end, or the next start fire.
        var nextChange: Date?
    }

    /// The anchor of a `rate(...)` start or end: ``startTime`` if given, else the Unix epoch.
    var rateAnchor: Date { startTime ?? ScheduleExpression.unixEpoch }

    /// The window `[start fire, end)` in which `date` lies, if any.
    ///
    /// When windows of one schedule overlap (a start fires again before the previous window ended), this
    /// is the most recently started one; it also ends last, because later starts never end earlier.
    public func window(containing date: Date) -> DateInterval? {
        guard let start = start.previousFire(atOrBefore: date, in: timeZone, rateAnchor: rateAnchor),
            start >= startTime ?? .distantPast, start < endTime ?? .distantFuture
        else { return nil }
        let end = windowEnd(startingAt: start)
        return date < end ? DateInterval(start: start, end: end) : nil
    }

    /// The first start fire strictly after `date` that opens a window (inside `[startTime, endTime)`).
    public func nextStart(after date: Date) -> Date? {
        let fire: Date?
        if let startTime, date < startTime {
            fire = start.firstFire(atOrAfter: startTime, in: timeZone, rateAnchor: rateAnchor)
        } else {
            fire = start.nextFire(after: date, in: timeZone, rateAnchor: rateAnchor)
        }
        guard let fire, fire < endTime ?? .distantFuture else { return nil }
        return fire
    }

    func state(at date: Date) -> State {
        let window = window(containing: date)
        let next = nextStart(after: date)
        let nextChange: Date? = switch (window?.end, next) {
        case (let end?, let next?): min(end, next)
        case (let end?, nil): end
        case (nil, let next): next
        }
        return State(window: window, nextChange: nextChange)
    }

    private func windowEnd(startingAt start: Date) -> Date {
        let end: Date
        switch self.end {
        case .duration(let seconds):
            end = start.addingTimeInterval(TimeInterval(seconds))
        case .expression(let expression):
            end = expression.nextFire(after: start, in: timeZone, rateAnchor: rateAnchor) ?? .distantFuture
        }
        return min(end, endTime ?? .distantFuture)
    }
}
