import Foundation
import Testing

@testable import CapacityCore

/// Transition days of 2026: Europe/Berlin jumps 02:00→03:00 on 29 March and falls back 03:00→02:00 on
/// 25 October (both at 01:00 UTC); America/New_York jumps 02:00→03:00 on 8 March (07:00 UTC) and falls
/// back 02:00→01:00 on 1 November (06:00 UTC).
@Suite struct ScheduleDSTTests {
    private func forward(_ text: String, _ zone: String, after: String, count: Int) -> [String] {
        let timeZone = ScheduleTesting.zone(zone)
        return ScheduleTesting.fires(
            ScheduleTesting.expression(text), after: ScheduleTesting.utc(after), in: timeZone, count: count
        ).map { ScheduleTesting.local($0, timeZone) }
    }

    private func backward(_ text: String, _ zone: String, atOrBefore: String, count: Int) -> [String] {
        let timeZone = ScheduleTesting.zone(zone)
        let expression = ScheduleTesting.expression(text)
        var cursor = ScheduleTesting.utc(atOrBefore)
        var result: [String] = []
        while result.count < count, let fire = expression.previousFire(atOrBefore: cursor, in: timeZone) {
            result.append(ScheduleTesting.local(fire, timeZone))
            cursor = fire.addingTimeInterval(-1)
        }
        return result.reversed()
    }

    /// Forward and backward searches must agree on the same fires.
    private func expectFires(
        _ text: String, _ zone: String, from: String, through: String, _ expected: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(forward(text, zone, after: from, count: expected.count) == expected, sourceLocation: sourceLocation)
        #expect(backward(text, zone, atOrBefore: through, count: expected.count) == expected, sourceLocation: sourceLocation)
    }

    // MARK: Spring forward: the nonexistent 02:30 fires once at the end of the gap.

    @Test func berlinSpringForward() {
        expectFires("cron(30 2 * * ? *)", "Europe/Berlin", from: "2026-03-27T12:00:00Z", through: "2026-03-30T12:00:00Z", [
            "2026-03-28 02:30:00 +0100", "2026-03-29 03:00:00 +0200", "2026-03-30 02:30:00 +0200",
        ])
        expectFires("cron(30 1 * * ? *)", "Europe/Berlin", from: "2026-03-27T12:00:00Z", through: "2026-03-30T12:00:00Z", [
            "2026-03-28 01:30:00 +0100", "2026-03-29 01:30:00 +0100", "2026-03-30 01:30:00 +0200",
        ])
        expectFires("cron(0 * * * ? *)", "Europe/Berlin", from: "2026-03-28T23:30:00Z", through: "2026-03-29T02:30:00Z", [
            "2026-03-29 01:00:00 +0100", "2026-03-29 03:00:00 +0200", "2026-03-29 04:00:00 +0200",
        ])
    }

    @Test func newYorkSpringForward() {
        expectFires("cron(30 2 * * ? *)", "America/New_York", from: "2026-03-06T12:00:00Z", through: "2026-03-09T12:00:00Z", [
            "2026-03-07 02:30:00 -0500", "2026-03-08 03:00:00 -0400", "2026-03-09 02:30:00 -0400",
        ])
        expectFires("cron(30 1 * * ? *)", "America/New_York", from: "2026-03-06T12:00:00Z", through: "2026-03-09T12:00:00Z", [
            "2026-03-07 01:30:00 -0500", "2026-03-08 01:30:00 -0500", "2026-03-09 01:30:00 -0400",
        ])
        expectFires("cron(0 * * * ? *)", "America/New_York", from: "2026-03-08T05:30:00Z", through: "2026-03-08T08:30:00Z", [
            "2026-03-08 01:00:00 -0500", "2026-03-08 03:00:00 -0400", "2026-03-08 04:00:00 -0400",
        ])
    }

    // MARK: Fall back: a repeated time of day fires at its first occurrence only; hourly fires every real hour.

    @Test func berlinFallBack() {
        expectFires("cron(30 2 * * ? *)", "Europe/Berlin", from: "2026-10-24T12:00:00Z", through: "2026-10-26T12:00:00Z", [
            "2026-10-25 02:30:00 +0200", "2026-10-26 02:30:00 +0100",
        ])
        expectFires("cron(30 1 * * ? *)", "Europe/Berlin", from: "2026-10-24T12:00:00Z", through: "2026-10-26T12:00:00Z", [
            "2026-10-25 01:30:00 +0200", "2026-10-26 01:30:00 +0100",
        ])
        expectFires("cron(0 * * * ? *)", "Europe/Berlin", from: "2026-10-24T22:30:00Z", through: "2026-10-25T02:30:00Z", [
            "2026-10-25 01:00:00 +0200", "2026-10-25 02:00:00 +0200", "2026-10-25 02:00:00 +0100",
            "2026-10-25 03:00:00 +0100",
        ])
    }

    @Test func newYorkFallBack() {
        expectFires("cron(30 1 * * ? *)", "America/New_York", from: "2026-10-31T12:00:00Z", through: "2026-11-02T12:00:00Z", [
            "2026-11-01 01:30:00 -0400", "2026-11-02 01:30:00 -0500",
        ])
        expectFires("cron(30 2 * * ? *)", "America/New_York", from: "2026-10-31T12:00:00Z", through: "2026-11-02T12:00:00Z", [
            "2026-11-01 02:30:00 -0500", "2026-11-02 02:30:00 -0500",
        ])
        expectFires("cron(0 * * * ? *)", "America/New_York", from: "2026-11-01T03:30:00Z", through: "2026-11-01T07:30:00Z", [
            "2026-11-01 00:00:00 -0400", "2026-11-01 01:00:00 -0400", "2026-11-01 01:00:00 -0500",
            "2026-11-01 02:00:00 -0500",
        ])
    }

    @Test(arguments: [
        ("Europe/Berlin", "2026-03-28T23:00:00Z", 23), ("Europe/Berlin", "2026-10-24T22:00:00Z", 25),
        ("Europe/Berlin", "2026-06-30T22:00:00Z", 24),
        ("America/New_York", "2026-03-08T05:00:00Z", 23), ("America/New_York", "2026-11-01T04:00:00Z", 25),
    ])
    func hourlyFiresOncePerRealHourOfTheLocalDay(zone: String, midnight: String, hours: Int) {
        let timeZone = ScheduleTesting.zone(zone)
        let start = ScheduleTesting.utc(midnight)
        let fires = ScheduleTesting.fires(
            ScheduleTesting.expression("cron(0 * * * ? *)"), after: start.addingTimeInterval(-1), in: timeZone, count: 30)
        let sameDay = fires.filter { $0 < start.addingTimeInterval(TimeInterval(hours * 3600)) }
        #expect(sameDay.count == hours)
        // One per real hour: consecutive fires are exactly an hour apart, never at the same instant.
        #expect(zip(sameDay, sameDay.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3600 })
        // The next fire is the following local midnight.
        #expect(fires[hours] == start.addingTimeInterval(TimeInterval(hours * 3600)))
    }

    @Test func everyMinuteOfAnHourOfDay() {
        // Every minute of the nonexistent hour maps to the end of the gap: one fire, not sixty.
        expectFires("cron(* 2 * * ? *)", "Europe/Berlin", from: "2026-03-28T12:00:00Z", through: "2026-03-30T00:01:30Z", [
            "2026-03-29 03:00:00 +0200", "2026-03-30 02:00:00 +0200", "2026-03-30 02:01:00 +0200",
        ])
        // The repeated hour fires its sixty minutes once, during the first pass.
        let berlin = ScheduleTesting.zone("Europe/Berlin")
        let fires = ScheduleTesting.fires(
            ScheduleTesting.expression("cron(* 2 * * ? *)"), after: ScheduleTesting.utc("2026-10-24T12:00:00Z"),
            in: berlin, count: 61)
        #expect(fires.prefix(60).allSatisfy { ScheduleTesting.local($0, berlin).hasSuffix("+0200") })
        #expect(ScheduleTesting.local(fires[59], berlin) == "2026-10-25 02:59:00 +0200")
        #expect(ScheduleTesting.local(fires[60], berlin) == "2026-10-26 02:00:00 +0100")
    }

    @Test func subHourlyStepsFollowTheClockThroughTheRepeatedHour() {
        expectFires("cron(*/30 * * * ? *)", "America/New_York", from: "2026-11-01T04:50:00Z", through: "2026-11-01T07:00:00Z", [
            "2026-11-01 01:00:00 -0400", "2026-11-01 01:30:00 -0400", "2026-11-01 01:00:00 -0500",
            "2026-11-01 01:30:00 -0500", "2026-11-01 02:00:00 -0500",
        ])
        expectFires("*/30 * * * *", "America/New_York", from: "2026-03-08T06:10:00Z", through: "2026-03-08T07:40:00Z", [
            "2026-03-08 01:30:00 -0500", "2026-03-08 03:00:00 -0400", "2026-03-08 03:30:00 -0400",
        ])
    }

    @Test func unixFormAndGapStartFollowTheSameRules() {
        // 02:00 itself does not exist on the spring day: it fires at 03:00.
        expectFires("0 2 * * *", "Europe/Berlin", from: "2026-03-28T12:00:00Z", through: "2026-03-30T12:00:00Z", [
            "2026-03-29 03:00:00 +0200", "2026-03-30 02:00:00 +0200",
        ])
        // Every second hour is a time of day, not every hour: 02:00 fires once on the fall-back day.
        expectFires("cron(0 */2 * * ? *)", "Europe/Berlin", from: "2026-10-24T22:30:00Z", through: "2026-10-25T03:30:00Z", [
            "2026-10-25 02:00:00 +0200", "2026-10-25 04:00:00 +0100",
        ])
    }

    @Test func atInTheGapAndInTheRepeatedHour() {
        let berlin = ScheduleTesting.zone("Europe/Berlin")
        let epoch = ScheduleTesting.utc("2026-01-01T00:00:00Z")
        #expect(ScheduleTesting.expression("at(2026-03-29T02:30:00)").nextFire(after: epoch, in: berlin)
            == ScheduleTesting.utc("2026-03-29T01:00:00Z"))
        #expect(ScheduleTesting.expression("at(2026-10-25T02:30:00)").nextFire(after: epoch, in: berlin)
            == ScheduleTesting.utc("2026-10-25T00:30:00Z"))
        #expect(ScheduleTesting.expression("at(2026-10-25T02:30:00)")
            .previousFire(atOrBefore: ScheduleTesting.utc("2026-12-01T00:00:00Z"), in: berlin)
            == ScheduleTesting.utc("2026-10-25T00:30:00Z"))
        #expect(ScheduleTesting.expression("at(2026-10-25T02:30:00)")
            .nextFire(after: ScheduleTesting.utc("2026-10-25T00:30:00Z"), in: berlin) == nil)
    }

    @Test func halfHourShiftOnLordHoweIsland() {
        // Lord Howe moves its clocks by 30 minutes: 02:00→02:30 on 4 October 2026, 02:00→01:30 on 5 April 2026.
        expectFires("cron(15 2 * * ? *)", "Australia/Lord_Howe", from: "2026-10-02T12:00:00Z", through: "2026-10-05T12:00:00Z", [
            "2026-10-03 02:15:00 +1030", "2026-10-04 02:30:00 +1100", "2026-10-05 02:15:00 +1100",
        ])
        expectFires("cron(45 1 * * ? *)", "Australia/Lord_Howe", from: "2026-04-03T12:00:00Z", through: "2026-04-06T12:00:00Z", [
            "2026-04-04 01:45:00 +1100", "2026-04-05 01:45:00 +1100", "2026-04-06 01:45:00 +1030",
        ])
    }
}
