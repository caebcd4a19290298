import Foundation

/// How numbers are written in the simulator's machine-readable outputs.
package enum NumberText {
    /// JSON: integral values without a fraction, others in the shortest form that reads back
    /// exactly; +inf as the string `"Infinity"` (JSON has no infinity), NaN as `"NaN"`.
    package static func json(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value > 0 ? "\"Infinity\"" : "\"-Infinity\"" }
        return plain(value)
    }

    /// CSV: like JSON, with infinity as `inf` (what Python, R and spreadsheets read back).
    package static func csv(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return plain(value)
    }

    private static func plain(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// Fixed decimals for people; `inf` for infinity.
    package static func fixed(_ value: Double, _ decimals: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(format: "%.\(decimals)f", value)
    }

    /// A duration for people: `0`, `45 s`, `12m 30s`, `3h 05m`, `2d 03h 10m`.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "inf" }
        let total = Int64(seconds.rounded())
        if total == 0 { return "0" }
        if total < 60 { return "\(total) s" }
        let days = total / 86_400, hours = total / 3600 % 24, minutes = total / 60 % 60, secs = total % 60
        if total < 3600 { return "\(minutes)m \(two(secs))s" }
        if total < 86_400 { return "\(hours)h \(two(minutes))m" }
        return "\(days)d \(two(hours))h \(two(minutes))m"
    }

    /// A round duration for an axis tick, without its zero parts: `0`, `45 s`, `30m`, `1h 30m`,
    /// `3d`, `1d 12h`. At most two parts: ticks are whole intervals, and a tick's label must fit
    /// beside a chart's axis where `duration`'s `3d 00h 00m` does not.
    package static func tickDuration(_ seconds: Int64) -> String {
        if seconds == 0 { return "0" }
        if seconds < 60 { return "\(seconds) s" }
        let parts: [(Int64, String)] = [(seconds / 86_400, "d"), (seconds / 3600 % 24, "h"), (seconds / 60 % 60, "m")]
        return parts.drop { $0.0 == 0 }.prefix(2).filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }.joined(separator: " ")
    }

    /// `1 step`, `2 steps`, `39,692 steps`.
    package static func count(_ value: Int, _ noun: String) -> String {
        var digits = String(value.magnitude)
        var grouped = ""
        while digits.count > 3 {
            grouped = "," + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (value < 0 ? "-" : "") + digits + grouped + " " + noun + (value == 1 ? "" : "s")
    }

    private static func two(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
