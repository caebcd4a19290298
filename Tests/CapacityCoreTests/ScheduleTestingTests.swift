import Foundation
import Testing

@testable import CapacityCore

/// Helpers shared by the schedule tests (kept in one namespace so they cannot clash with other suites).
enum ScheduleTesting {
    static func utc(_ text: String) -> Date {
        // Fixed literals written by hand in the tests; a typo should fail loudly.
        try! Date(text, strategy: .iso8601)
    }

    static func zone(_ identifier: String) -> TimeZone {
        TimeZone(identifier: identifier)!
    }

    static func expression(_ text: String) -> ScheduleExpression {
        do {
            return try ScheduleExpression.parse(text)
        } catch {
            Issue.record("\(text) failed to parse: \(error.message)")
            return try! ScheduleExpression.parse("rate(1 day)")
        }
    }

    /// `date` as wall-clock time and offset in `zone`, e.g. `2026-03-29 03:00:00 +0200`.
    static func local(_ date: Date?, _ zone: TimeZone) -> String {
        guard let date else { return "nil" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600
        let minutes = abs(offset) % 3600 / 60
        let day = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        let time = String(format: "%02d:%02d:%02d", parts.hour!, parts.minute!, parts.second!)
        return "\(day) \(time) \(sign)" + String(format: "%02d%02d", hours, minutes)
    }

    /// Successive fires strictly after `date`, at most `count`.
    static func fires(
        _ expression: ScheduleExpression, after date: Date, in zone: TimeZone, count: Int,
        rateAnchor: Date = ScheduleExpression.unixEpoch
    ) -> [Date] {
        var result: [Date] = []
        var cursor = date
        while result.count < count, let next = expression.nextFire(after: cursor, in: zone, rateAnchor: rateAnchor) {
            result.append(next)
            cursor = next
        }
        return result
    }

    static func bounds(
        _ name: String, start: String, end: ScheduleEnd, timeZone: String = "UTC",
        startTime: Date? = nil, endTime: Date? = nil,
        min: Int? = nil, max: Int? = nil, floor: Int? = nil
    ) -> ScheduledBounds {
        do {
            return try ScheduledBounds(
                name: name, start: expression(start), end: end, timeZone: timeZone, startTime: startTime,
                endTime: endTime, minCapacity: min, maxCapacity: max, desiredFloor: floor)
        } catch {
            Issue.record("schedule \(name) rejected: \(error.message)")
            return try! ScheduledBounds(name: "invalid", start: expression("rate(1 day)"), end: .duration(seconds: 1), minCapacity: 0)
        }
    }
}
