import Foundation

/// Parses the times and durations `headroom trace export` takes.
public enum TraceArguments {
    /// A point in time as given on the command line.
    public struct Time: Sendable, Hashable {
        /// The time.
        public var date: Date
        /// Whether it was relative to now (`now`, `now-30d`): such a time may be aligned to
        /// the step silently; an explicit one may not.
        public var isRelative: Bool
    }

    /// `2026-01-05T00:00:00Z` (or with an offset such as `+02:00`), `2026-01-05` (midnight UTC),
    /// `now`, or `now-DURATION` (`now-30d`, `now-6h`).
    /// - Throws: ``TraceExportError`` (`invalidArgument`) naming the option.
    public static func time(_ text: String, now: Date, option: String) throws(TraceExportError) -> Time {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "now" {
            return Time(date: Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down)), isRelative: true)
        }
        if trimmed.hasPrefix("now-") {
            let seconds = try duration(String(trimmed.dropFirst(4)), option: option)
            let date = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down) - Double(seconds))
            return Time(date: date, isRelative: true)
        }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle()) {
            return Time(date: date, isRelative: false)
        }
        if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!).year().month().day()) {
            return Time(date: date, isRelative: false)
        }
        throw TraceExportError(
            .invalidArgument,
            "\(option) '\(text)' is not a time: write 2026-01-05T00:00:00Z, 2026-01-05, now or now-30d")
    }

    /// A whole number of seconds: `90`, `90s`, `5m`, `1h`, `1d`, `1w`, or a sum like `1h30m`.
    /// - Throws: ``TraceExportError`` (`invalidArgument`) naming the option.
    public static func duration(_ text: String, option: String) throws(TraceExportError) -> Int {
        let invalid = TraceExportError(
            .invalidArgument, "\(option) '\(text)' is not a duration: write 60s, 5m, 1h, 1d, 1w or a sum such as 1h30m")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw invalid }
        if let seconds = Int(trimmed) {
            guard seconds > 0 else { throw invalid }
            return seconds
        }
        var total = 0
        var number = ""
        for character in trimmed {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let unit: Int
            switch character {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: throw invalid
            }
            guard let value = Int(number), value <= 100_000_000 else { throw invalid }
            total += value * unit
            number = ""
        }
        guard number.isEmpty, total > 0 else { throw invalid }
        return total
    }
}
