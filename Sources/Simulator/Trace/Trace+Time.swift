import Foundation

/// Points in a trace named the way the trace names them, for score windows and fit/validate splits.
extension Trace {
    /// The step that starts at or after `time`, which is ISO-8601 UTC (`2026-01-05T00:00:00Z`) or
    /// integer seconds: the file's own timestamp in a trace written in seconds, seconds since the
    /// first step in an ISO-8601 trace. The end of the trace (``count``) is a valid answer.
    /// - Parameter option: what the time was given as (`--score-from`), for the error.
    /// - Throws: ``SimulationError`` naming `option`, the text and the trace's span when `time` is not a
    ///   time or lies outside the trace.
    public func step(at time: String, option: String) throws(SimulationError) -> Int {
        let text = time.trimmingCharacters(in: .whitespaces)
        let seconds: Int64
        if let integer = Int64(text) {
            seconds = timestampFormat == .seconds ? integer : startSeconds + integer
        } else {
            let parsed = Array(text.utf8).withUnsafeBytes { UTCTimestamp.parse($0) }
            guard case .success(let value) = parsed else {
                throw .invalidScoreWindow(
                    "\(option) '\(time)' is neither an ISO-8601 UTC time (2026-01-05T00:00:00Z) nor integer seconds")
            }
            seconds = value
        }
        let end = startSeconds + Int64(count) * Int64(stepSeconds)
        guard seconds >= startSeconds, seconds <= end else {
            throw .invalidScoreWindow("\(option) \(time) is outside the trace '\(name)', which spans \(spanText)")
        }
        let offset = seconds - startSeconds
        return Int((offset + Int64(stepSeconds) - 1) / Int64(stepSeconds))
    }

    /// The steps from `from` (inclusive) until `until` (exclusive), each a time as ``step(at:option:)``
    /// reads it; `nil` means the trace's start or end.
    /// - Throws: ``SimulationError`` when a time is unreadable or outside the trace, or the window holds no step.
    public func steps(from: String?, until: String?) throws(SimulationError) -> Range<Int> {
        let first = try from.map { text throws(SimulationError) in try step(at: text, option: "--score-from") } ?? 0
        let last = try until.map { text throws(SimulationError) in try step(at: text, option: "--score-until") } ?? count
        guard first < last else {
            throw .invalidScoreWindow(
                "the window from \(from ?? timestampText(ofStep: 0)) until \(until ?? endText) holds no step of the trace '\(name)', which spans \(spanText)")
        }
        return first..<last
    }

    /// When the last step ends, written the way the trace writes its timestamps.
    public var endText: String { timestampText(ofStep: count) }

    /// `FIRST to END (N steps of Δ s)`: where the trace starts and ends.
    public var spanText: String {
        "\(timestampText(ofStep: 0)) to \(endText) (\(count) steps of \(stepSeconds) s)"
    }
}
