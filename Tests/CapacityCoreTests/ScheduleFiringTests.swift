import Foundation
import Testing

@testable import CapacityCore

@Suite struct ScheduleFiringTests {
    let utcZone = ScheduleTesting.zone("UTC")

    private func fires(_ text: String, after: String, count: Int, zone: String = "UTC") -> [String] {
        let zone = ScheduleTesting.zone(zone)
        return ScheduleTesting.fires(
            ScheduleTesting.expression(text), after: ScheduleTesting.utc(after), in: zone, count: count
        ).map { ScheduleTesting.local($0, zone) }
    }

    @Test func weekdayMorningSkipsTheWeekend() {
        // 2026-01-02 is a Friday.
        #expect(fires("cron(0 8 ? * MON-FRI *)", after: "2026-01-02T09:00:00Z", count: 2) == [
            "2026-01-05 08:00:00 +0000", "2026-01-06 08:00:00 +0000",
        ])
    }

    @Test func nextFireIsStrictlyAfterAndPreviousFireIncludesTheInstant() {
        let expression = ScheduleTesting.expression("cron(0 8 * * ? *)")
        let eight = ScheduleTesting.utc("2026-01-05T08:00:00Z")
        #expect(expression.nextFire(after: eight, in: utcZone) == ScheduleTesting.utc("2026-01-06T08:00:00Z"))
        #expect(expression.previousFire(atOrBefore: eight, in: utcZone) == eight)
        #expect(expression.previousFire(atOrBefore: eight.addingTimeInterval(-0.5), in: utcZone)
            == ScheduleTesting.utc("2026-01-04T08:00:00Z"))
        #expect(expression.nextFire(after: eight.addingTimeInterval(-0.5), in: utcZone) == eight)
    }

    @Test func stepsAndRanges() {
        #expect(fires("cron(*/15 * * * ? *)", after: "2026-01-05T10:07:00Z", count: 4) == [
            "2026-01-05 10:15:00 +0000", "2026-01-05 10:30:00 +0000", "2026-01-05 10:45:00 +0000",
            "2026-01-05 11:00:00 +0000",
        ])
        #expect(fires("cron(10-40/15 9-10 * * ? *)", after: "2026-01-05T09:30:00Z", count: 4) == [
            "2026-01-05 09:40:00 +0000", "2026-01-05 10:10:00 +0000", "2026-01-05 10:25:00 +0000",
            "2026-01-05 10:40:00 +0000",
        ])
        // AWS's a/n: from a to the end of the field.
        #expect(fires("cron(0 20/2 * * ? *)", after: "2026-01-05T19:00:00Z", count: 3) == [
            "2026-01-05 20:00:00 +0000", "2026-01-05 22:00:00 +0000", "2026-01-06 20:00:00 +0000",
        ])
        #expect(fires("cron(0 0 1 JAN-JUN/2 ? *)", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-03-01 00:00:00 +0000", "2026-05-01 00:00:00 +0000", "2027-01-01 00:00:00 +0000",
        ])
    }

    @Test func awsLastDayOfMonth() {
        #expect(fires("cron(0 0 L * ? *)", after: "2027-12-31T00:00:00Z", count: 4) == [
            "2028-01-31 00:00:00 +0000", "2028-02-29 00:00:00 +0000", "2028-03-31 00:00:00 +0000",
            "2028-04-30 00:00:00 +0000",
        ])
    }

    @Test func awsWeekdaySpecials() {
        // LW: January 2026 ends on a Saturday, May 2026 on a Sunday.
        #expect(fires("cron(0 0 LW JAN,MAY ? 2026)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-30 00:00:00 +0000", "2026-05-29 00:00:00 +0000",
        ])
        // 15W: 15 August 2026 is a Saturday (→ Friday 14th), 15 November a Sunday (→ Monday 16th).
        #expect(fires("cron(0 0 15W AUG,NOV ? 2026)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-08-14 00:00:00 +0000", "2026-11-16 00:00:00 +0000",
        ])
        // 1W on Saturday 1 August 2026 stays in the month: Monday the 3rd.
        #expect(fires("cron(0 0 1W AUG ? 2026)", after: "2026-01-01T00:00:00Z", count: 1) == [
            "2026-08-03 00:00:00 +0000",
        ])
        // 6L: the last Friday (AWS 6 = FRI); 2#1: the first Monday; L alone: Saturday.
        #expect(fires("cron(0 0 ? * 6L *)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-30 00:00:00 +0000", "2026-02-27 00:00:00 +0000",
        ])
        #expect(fires("cron(0 9 ? * 2#1 *)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-05 09:00:00 +0000", "2026-02-02 09:00:00 +0000",
        ])
        #expect(fires("cron(0 0 ? * L *)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2026-01-03 00:00:00 +0000", "2026-01-10 00:00:00 +0000",
        ])
    }

    @Test func awsAndUnixNumberWeekdaysDifferently() {
        // AWS 1 = Sunday; Unix 1 = Monday, and both 0 and 7 are Sunday. 2026-01-04 is a Sunday.
        #expect(fires("cron(0 0 ? * 1 *)", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-04 00:00:00 +0000"])
        #expect(fires("0 0 * * 1", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-05 00:00:00 +0000"])
        #expect(fires("0 0 * * 0", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-04 00:00:00 +0000"])
        #expect(fires("0 0 * * 7", after: "2026-01-01T00:00:00Z", count: 1) == ["2026-01-04 00:00:00 +0000"])
        #expect(fires("0 0 * * 5-7", after: "2026-01-01T00:00:00Z", count: 3) == [
            "2026-01-02 00:00:00 +0000", "2026-01-03 00:00:00 +0000", "2026-01-04 00:00:00 +0000",
        ])
    }

    @Test func unixOrsRestrictedDayFieldsLikeVixie() {
        // Both restricted: the 13th (Monday 13 April 2026) or any Friday.
        #expect(fires("0 0 13 * 5", after: "2026-04-04T00:00:00Z", count: 3) == [
            "2026-04-10 00:00:00 +0000", "2026-04-13 00:00:00 +0000", "2026-04-17 00:00:00 +0000",
        ])
        // A day field starting with * counts as unrestricted, so the fields AND: odd days that are Fridays.
        #expect(fires("0 0 */2 * 5", after: "2025-12-31T12:00:00Z", count: 2) == [
            "2026-01-09 00:00:00 +0000", "2026-01-23 00:00:00 +0000",
        ])
    }

    @Test func sparseExpressionsAreFoundWithoutScanning() {
        #expect(fires("cron(0 0 29 FEB ? *)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2028-02-29 00:00:00 +0000", "2032-02-29 00:00:00 +0000",
        ])
        #expect(fires("cron(0 0 ? FEB 2#5 *)", after: "2026-01-01T00:00:00Z", count: 2) == [
            "2044-02-29 00:00:00 +0000", "2072-02-29 00:00:00 +0000",
        ])
        let leapDay = ScheduleTesting.expression("cron(0 0 29 FEB ? *)")
        #expect(leapDay.previousFire(atOrBefore: ScheduleTesting.utc("2026-01-01T00:00:00Z"), in: utcZone)
            == ScheduleTesting.utc("2024-02-29T00:00:00Z"))
    }

    @Test func yearFieldEndsTheSchedule() {
        let expression = ScheduleTesting.expression("cron(0 0 1 1 ? 2027-2028)")
        #expect(fires("cron(0 0 1 1 ? 2027-2028)", after: "2020-01-01T00:00:00Z", count: 5) == [
            "2027-01-01 00:00:00 +0000", "2028-01-01 00:00:00 +0000",
        ])
        #expect(expression.previousFire(atOrBefore: ScheduleTesting.utc("2026-12-31T23:59:00Z"), in: utcZone) == nil)
        #expect(expression.previousFire(atOrBefore: ScheduleTesting.utc("2100-01-01T00:00:00Z"), in: utcZone)
            == ScheduleTesting.utc("2028-01-01T00:00:00Z"))
    }

    @Test func previousFireWalksBackThroughMonthsAndYears() {
        let expression = ScheduleTesting.expression("cron(30 17 LW * ? *)")
        var cursor = ScheduleTesting.utc("2026-03-01T00:00:00Z")
        var found: [String] = []
        for _ in 0..<3 {
            guard let fire = expression.previousFire(atOrBefore: cursor, in: utcZone) else { break }
            found.append(ScheduleTesting.local(fire, utcZone))
            cursor = fire.addingTimeInterval(-1)
        }
        #expect(found == ["2026-02-27 17:30:00 +0000", "2026-01-30 17:30:00 +0000", "2025-12-31 17:30:00 +0000"])
    }

    @Test func cronIsWallClockTimeInTheZone() {
        #expect(fires("cron(0 9 * * ? *)", after: "2026-07-01T00:00:00Z", count: 1, zone: "Asia/Kolkata") == [
            "2026-07-01 09:00:00 +0530",
        ])
        let kolkata = ScheduleTesting.zone("Asia/Kolkata")
        #expect(ScheduleTesting.expression("cron(0 9 * * ? *)")
            .nextFire(after: ScheduleTesting.utc("2026-07-01T00:00:00Z"), in: kolkata)
            == ScheduleTesting.utc("2026-07-01T03:30:00Z"))
    }

    @Test func atFiresOnceAtLocalTime() {
        let berlin = ScheduleTesting.zone("Europe/Berlin")
        let expression = ScheduleTesting.expression("at(2026-06-01T09:30:15)")
        let fire = ScheduleTesting.utc("2026-06-01T07:30:15Z")
        #expect(expression.nextFire(after: ScheduleTesting.utc("2020-01-01T00:00:00Z"), in: berlin) == fire)
        #expect(expression.nextFire(after: fire, in: berlin) == nil)
        #expect(expression.previousFire(atOrBefore: fire, in: berlin) == fire)
        #expect(expression.previousFire(atOrBefore: fire.addingTimeInterval(-1), in: berlin) == nil)
        #expect(expression.nextFire(after: ScheduleTesting.utc("2020-01-01T00:00:00Z"), in: utcZone)
            == ScheduleTesting.utc("2026-06-01T09:30:15Z"))
    }

    @Test func rateIsAnchoredAtTheEpochOrTheGivenAnchor() {
        let everyFive = ScheduleTesting.expression("rate(5 minutes)")
        let now = ScheduleTesting.utc("2026-01-05T10:07:30Z")
        #expect(everyFive.nextFire(after: now, in: utcZone) == ScheduleTesting.utc("2026-01-05T10:10:00Z"))
        #expect(everyFive.previousFire(atOrBefore: now, in: utcZone) == ScheduleTesting.utc("2026-01-05T10:05:00Z"))
        let anchor = ScheduleTesting.utc("2026-01-05T10:01:00Z")
        #expect(everyFive.nextFire(after: now, in: utcZone, rateAnchor: anchor) == ScheduleTesting.utc("2026-01-05T10:11:00Z"))
        #expect(everyFive.previousFire(atOrBefore: now, in: utcZone, rateAnchor: anchor)
            == ScheduleTesting.utc("2026-01-05T10:06:00Z"))
        // Exactly on a fire: next is the following one, previous is the fire itself; before the anchor too.
        let onFire = ScheduleTesting.utc("2026-01-05T09:56:00Z")
        #expect(everyFive.nextFire(after: onFire, in: utcZone, rateAnchor: anchor) == ScheduleTesting.utc("2026-01-05T10:01:00Z"))
        #expect(everyFive.previousFire(atOrBefore: onFire, in: utcZone, rateAnchor: anchor) == onFire)
    }

    @Test func rateIsAbsoluteTimeAcrossDST() {
        let berlin = ScheduleTesting.zone("Europe/Berlin")
        let daily = ScheduleTesting.expression("rate(1 day)")
        let fires = ScheduleTesting.fires(daily, after: ScheduleTesting.utc("2026-03-28T00:30:00Z"), in: berlin, count: 3)
            .map { ScheduleTesting.local($0, berlin) }
        #expect(fires == ["2026-03-29 01:00:00 +0100", "2026-03-30 02:00:00 +0200", "2026-03-31 02:00:00 +0200"])
    }

    @Test func validateFiresChecksAPeriodFromAReference() throws {
        let reference = ScheduleTesting.utc("2026-06-01T00:00:00Z")
        try ScheduleTesting.expression("cron(0 8 * * ? *)").validateFires(from: reference)
        try ScheduleTesting.expression("rate(7 days)").validateFires(within: 1, from: reference)
        try ScheduleTesting.expression("at(2026-06-01T00:00:00)").validateFires(from: reference)
        // 29 February 2028 is 1.7 years away: within the default 8 years, not within 1.
        try ScheduleTesting.expression("cron(0 0 29 FEB ? *)").validateFires(from: reference)
        // The longest gap: from March 2096 the next 29 February is in 2104 (2100 is not a leap year).
        try ScheduleTesting.expression("cron(0 0 29 FEB ? *)").validateFires(from: ScheduleTesting.utc("2096-03-01T00:00:00Z"))
        #expect(throws: ScheduleExpressionError.self) {
            try ScheduleTesting.expression("cron(0 0 29 FEB ? *)").validateFires(within: 1, from: reference)
        }
        #expect {
            try ScheduleTesting.expression("at(2026-01-01T00:00:00)").validateFires(from: reference)
        } throws: { error in
            let error = error as? ScheduleExpressionError
            return error?.code == .noFireInPeriod
                && error?.message == "at(2026-01-01T00:00:00) does not fire between 2026-06-01T00:00:00Z and 2034-06-01T00:00:00Z in GMT"
        }
        #expect(throws: ScheduleExpressionError.self) {
            try ScheduleTesting.expression("cron(0 0 1 1 ? 2020-2025)").validateFires(from: reference)
        }
        // In Berlin, 01:00 local on 1 June is 23:00 UTC the day before: already past.
        #expect(throws: ScheduleExpressionError.self) {
            try ScheduleTesting.expression("at(2026-06-01T01:00:00)")
                .validateFires(from: reference, in: ScheduleTesting.zone("Europe/Berlin"))
        }
    }
}
