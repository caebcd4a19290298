import Foundation
import Testing

@testable import CapacityCore

/// Compares `nextFire` / `previousFire` with a brute-force oracle that walks UTC minute by minute,
/// reads wall-clock time from Foundation's `Calendar` (not the schedule code's own arithmetic) and
/// applies the documented DST rules directly.
@Suite struct ScheduleFiringOracleTests {
    struct OracleCase: Sendable, CustomStringConvertible {
        var expression: String
        /// The hour field names every hour: follow the clock through gaps and repeats.
        var everyHour: Bool
        var matches: @Sendable (DateComponents) -> Bool
        var description: String { expression }
    }

    static let cases: [OracleCase] = [
        OracleCase(expression: "cron(30 2 * * ? *)", everyHour: false) { $0.hour == 2 && $0.minute == 30 },
        OracleCase(expression: "cron(30 1 * * ? *)", everyHour: false) { $0.hour == 1 && $0.minute == 30 },
        OracleCase(expression: "cron(0 * * * ? *)", everyHour: true) { $0.minute == 0 },
        OracleCase(expression: "cron(*/20 * * * ? *)", everyHour: true) { $0.minute! % 20 == 0 },
        OracleCase(expression: "cron(* 2 * * ? *)", everyHour: false) { $0.hour == 2 },
        OracleCase(expression: "cron(15 0-3 * * ? *)", everyHour: false) { $0.hour! <= 3 && $0.minute == 15 },
        OracleCase(expression: "45 1,2 * * 0", everyHour: false) { $0.weekday == 1 && [1, 2].contains($0.hour!) && $0.minute == 45 },
        OracleCase(expression: "cron(0 0/2 * * ? *)", everyHour: false) { $0.hour! % 2 == 0 && $0.minute == 0 },
        OracleCase(expression: "cron(0,30 0 ? * SUN *)", everyHour: false) { $0.weekday == 1 && $0.hour == 0 && $0.minute! % 30 == 0 },
        OracleCase(expression: "cron(10 23,0 * * ? *)", everyHour: false) { [23, 0].contains($0.hour!) && $0.minute == 10 },
    ]

    static let zones = [
        "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Africa/Casablanca",
        "Asia/Kolkata", "UTC",
    ]

    /// Wall-clock minutes around one instant of interest, scanned once and shared by all cases.
    struct Scan {
        var zone: TimeZone
        var instants: [Date] = []
        var components: [DateComponents] = []
        var keys: [String] = []
        /// For instants right after an offset increase: the wall-clock minutes the clock skipped.
        var skipped: [Int: [DateComponents]] = [:]

        init(zone: TimeZone, from start: Date, minutes: Int) {
            self.zone = zone
            var local = Calendar(identifier: .gregorian)
            local.timeZone = zone
            var wall = Calendar(identifier: .gregorian)
            wall.timeZone = TimeZone(identifier: "UTC")!
            let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute, .weekday]
            for index in 0..<minutes {
                let instant = start.addingTimeInterval(TimeInterval(index * 60))
                let parts = local.dateComponents(fields, from: instant)
                instants.append(instant)
                components.append(parts)
                keys.append("\(parts.year!)-\(parts.month!)-\(parts.day!) \(parts.hour!):\(parts.minute!)")
                let jump = zone.secondsFromGMT(for: instant) - zone.secondsFromGMT(for: instant.addingTimeInterval(-60))
                if jump > 0, let previous = components.dropLast().last {
                    // Rebuild the skipped wall-clock minutes on a UTC calendar, where every minute exists.
                    let previousWall = wall.date(from: previous)!
                    skipped[index] = (1...(jump / 60)).map {
                        wall.dateComponents(fields, from: previousWall.addingTimeInterval(TimeInterval($0 * 60)))
                    }
                }
            }
        }

        func fires(_ oracle: OracleCase) -> [Date] {
            var fired: [Date] = []
            var seen = Set<String>()
            for index in instants.indices {
                var fires = false
                if oracle.matches(components[index]) {
                    if oracle.everyHour {
                        fires = true
                    } else if seen.insert(keys[index]).inserted {
                        fires = true
                    }
                }
                if !oracle.everyHour, let gap = skipped[index], gap.contains(where: oracle.matches) {
                    fires = true
                }
                if fires { fired.append(instants[index]) }
            }
            return fired
        }
    }

    /// Windows of four days around each of the zone's transitions in 2026, or around one ordinary day.
    static func windows(_ zone: TimeZone) -> [Date] {
        var centers: [Date] = []
        var cursor = ScheduleTesting.utc("2026-01-01T00:00:00Z")
        while centers.count < 4, let next = zone.nextDaylightSavingTimeTransition(after: cursor),
            next < ScheduleTesting.utc("2027-01-01T00:00:00Z")
        {
            centers.append(next)
            cursor = next
        }
        return centers.isEmpty ? [ScheduleTesting.utc("2026-06-15T00:00:00Z")] : centers
    }

    @Test(arguments: zones)
    func matchesBruteForceAroundTransitions(zoneIdentifier: String) {
        let zone = ScheduleTesting.zone(zoneIdentifier)
        for center in Self.windows(zone) {
            let scanStart = center.addingTimeInterval(-2 * 86_400)
            let compareStart = center.addingTimeInterval(-86_400)
            let scanEnd = center.addingTimeInterval(2 * 86_400)
            let scan = Scan(zone: zone, from: scanStart, minutes: 4 * 1440)
            for oracle in Self.cases {
                let expression = ScheduleTesting.expression(oracle.expression)
                let expected = scan.fires(oracle).filter { $0 >= compareStart }
                let context = "\(oracle.expression) in \(zoneIdentifier) around \(center)"

                var forward: [Date] = []
                var cursor = compareStart.addingTimeInterval(-1)
                while let next = expression.nextFire(after: cursor, in: zone), next < scanEnd {
                    forward.append(next)
                    cursor = next
                }
                #expect(forward == expected, "forward: \(context)")

                var backward: [Date] = []
                cursor = scanEnd.addingTimeInterval(-1)
                while let previous = expression.previousFire(atOrBefore: cursor, in: zone), previous >= compareStart {
                    backward.append(previous)
                    cursor = previous.addingTimeInterval(-1)
                }
                #expect(backward.reversed() == expected, "backward: \(context)")

                // From instants between fires, not only from fires: every 37 minutes and 13 seconds.
                var probe = compareStart.addingTimeInterval(13)
                let lastExpected = expected.last ?? compareStart
                while probe < lastExpected {
                    let next = expected.first { $0 > probe }
                    #expect(expression.nextFire(after: probe, in: zone) == next, "next after \(probe): \(context)")
                    if let previous = expected.last(where: { $0 <= probe }) {
                        #expect(expression.previousFire(atOrBefore: probe, in: zone) == previous,
                                "previous at or before \(probe): \(context)")
                    }
                    probe = probe.addingTimeInterval(37 * 60)
                }
            }
        }
    }
}
