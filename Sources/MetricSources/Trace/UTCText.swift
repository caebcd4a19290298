import Foundation

/// ISO-8601 UTC timestamps as traces write them: `2026-01-05T00:00:00Z`, whole seconds.
public enum UTCText {
    private static let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)

    /// `2026-01-05T00:00:00Z`
    public static func format(_ date: Date) -> String {
        date.formatted(style)
    }
}
