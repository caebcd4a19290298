import Foundation

extension ScheduledBounds {
    /// Where an instant stands relative to this schedule; it holds until ``nextChange``.
    struct State: Sendable {
        /// The window containing the instant, if any.
        var window: DateInterval?
        /// The next start fire after the instant that opens a window.
        var nextStart: Date?

        /// The next instant at which the window changes: its end, or the next start.
        var nextChange: Date? {
            switch (window?.end, nextStart) {
            case (let end?, let start?): min(end, start)
            case (let end?, nil): end
            case (nil, let start): start
            }
        }
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
        State(window: window(containing: date), nextStart: nextStart(after: date))
    }

    /// The state from `state.nextChange` on, found from the change itself: a start opens a new window
    /// (replacing an overlapping one), an end closes the window. Costs one search instead of three.
    func state(following state: State) -> State? {
        guard let change = state.nextChange else { return nil }
        if let start = state.nextStart, start == change {
            return State(
                window: DateInterval(start: start, end: windowEnd(startingAt: start)), nextStart: nextStart(after: start))
        }
        return State(window: nil, nextStart: state.nextStart)
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
