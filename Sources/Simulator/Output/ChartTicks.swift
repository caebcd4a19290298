/// Tick positions and labels for a time axis over trace steps, and "nice" value ticks.
public enum ChartTicks {
    /// Round numbers (1, 2 or 5 × 10ⁿ) from 0 to at least `maximum`, about `count` of them.
    static func values(upTo maximum: Double, count: Int = 5) -> [Double] {
        guard maximum > 0, maximum.isFinite else { return [0, 1] }
        let step = niceStep(atLeast: maximum / Double(count))
        var ticks: [Double] = []
        var value = 0.0
        while value < maximum + step * 0.999 {
            ticks.append(value)
            value += step
        }
        return ticks
    }

    /// The least round step (1, 2 or 5 × 10ⁿ) that is at least `rough` (positive and finite).
    public static func niceStep(atLeast rough: Double) -> Double {
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? magnitude * 10
    }

    private static let intervals: [Int64] = [
        1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600,
        86_400, 2 * 86_400, 7 * 86_400, 14 * 86_400, 28 * 86_400, 91 * 86_400, 182 * 86_400, 364 * 86_400,
    ]

    /// Ticks (seconds) for the span `[from, to]`, at most about `maxTicks`, aligned to whole intervals.
    public static func times(from: Int64, to: Int64, maxTicks: Int = 8) -> (ticks: [Int64], interval: Int64) {
        let span = Swift.max(1, to - from)
        let interval = intervals.first { span / $0 <= Int64(maxTicks) } ?? intervals.last!
        var tick = (from + interval - 1) / interval * interval
        if from < 0 { tick = from / interval * interval }
        var ticks: [Int64] = []
        while tick <= to {
            ticks.append(tick)
            tick += interval
        }
        return (ticks, interval)
    }

    /// A tick label: dates and UTC times for ISO traces, elapsed `h:mm` or days for second-counted ones.
    static func label(_ seconds: Int64, interval: Int64, span: Int64, format: Trace.TimestampFormat) -> String {
        switch format {
        case .iso8601:
            let text = UTCTimestamp.format(seconds)  // 2026-01-05T00:00:00Z
            let date = String(text.dropFirst(5).prefix(5))  // 01-05
            let time = String(text.dropFirst(11).prefix(5))  // 00:00
            if interval >= 86_400 { return date }
            if span > 86_400 { return "\(date) \(time)" }
            if interval < 60 { return String(text.dropFirst(11).prefix(8)) }
            return time
        case .seconds:
            if interval >= 86_400 { return "day \(seconds / 86_400)" }
            let hours = seconds / 3600, minutes = seconds / 60 % 60, secs = seconds % 60
            let mm = minutes < 10 ? "0\(minutes)" : "\(minutes)"
            if interval < 60 { return "\(hours):\(mm):\(secs < 10 ? "0\(secs)" : "\(secs)")" }
            return "\(hours):\(mm)"
        }
    }

    static func axisTitle(_ format: Trace.TimestampFormat) -> String {
        format == .iso8601 ? "time (UTC)" : "time since the trace start"
    }
}
