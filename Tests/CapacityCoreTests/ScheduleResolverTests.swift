import Foundation
import PropertyBased
import Testing

@testable import CapacityCore

@Suite struct ScheduleResolverTests {
    private let utc = ScheduleTesting.utc

    /// Daily 08:00–18:00 UTC: min 4, max 20.
    private let business = ScheduleTesting.bounds(
        "business", start: "cron(0 8 * * ? *)", end: .duration(seconds: 10 * 3600), min: 4, max: 20)
    /// Daily 12:00–14:00 UTC: min 10.
    private let lunch = ScheduleTesting.bounds(
        "lunch", start: "cron(0 12 * * ? *)", end: .expression(ScheduleTesting.expression("cron(0 14 * * ? *)")), min: 10)

    @Test func noSchedulesNeverOverride() {
        let (override, validUntil) = ScheduleResolver([]).resolve(at: utc("2026-01-05T12:00:00Z"))
        #expect(override.isEmpty)
        #expect(override.sources.isEmpty)
        #expect(validUntil == .distantFuture)
    }

    @Test func singleScheduleInsideAndOutsideItsWindow() {
        let resolver = ScheduleResolver([business])
        let window = DateInterval(start: utc("2026-01-05T08:00:00Z"), end: utc("2026-01-05T18:00:00Z"))
        let inside = resolver.resolve(at: utc("2026-01-05T09:00:00Z"))
        #expect(inside.override == ScheduleOverride(
            minCapacity: ScheduledValue(value: 4, schedule: "business", window: window),
            maxCapacity: ScheduledValue(value: 20, schedule: "business", window: window)))
        #expect(inside.override.sources == ["business"])
        #expect(inside.validUntil == utc("2026-01-05T18:00:00Z"))

        let outside = resolver.resolve(at: utc("2026-01-05T20:00:00Z"))
        #expect(outside.override.isEmpty)
        #expect(outside.validUntil == utc("2026-01-06T08:00:00Z"))
    }

    @Test(arguments: [false, true])
    func mostRecentlyStartedWindowWinsEachFieldInEitherOrder(reversed: Bool) {
        let schedules = reversed ? [lunch, business] : [business, lunch]
        let resolver = ScheduleResolver(schedules)

        let morning = resolver.resolve(at: utc("2026-01-05T09:00:00Z"))
        #expect(morning.override.minCapacity?.schedule == "business")
        #expect(morning.validUntil == utc("2026-01-05T12:00:00Z"))

        // Lunch started at 12:00, after business (08:00): its min wins; business still sets max.
        let noon = resolver.resolve(at: utc("2026-01-05T13:00:00Z"))
        #expect(noon.override.minCapacity?.value == 10)
        #expect(noon.override.minCapacity?.schedule == "lunch")
        #expect(noon.override.maxCapacity?.value == 20)
        #expect(noon.override.maxCapacity?.schedule == "business")
        #expect(noon.override.sources == ["lunch", "business"])
        #expect(noon.validUntil == utc("2026-01-05T14:00:00Z"))

        let afternoon = resolver.resolve(at: utc("2026-01-05T15:00:00Z"))
        #expect(afternoon.override.minCapacity?.value == 4)
        #expect(afternoon.override.minCapacity?.schedule == "business")
        #expect(afternoon.validUntil == utc("2026-01-05T18:00:00Z"))
    }

    @Test func recencyBeatsListOrder() {
        // "late" is listed first but its window started later, so it wins over the later-listed "early".
        let late = ScheduleTesting.bounds("late", start: "cron(0 10 * * ? *)", end: .duration(seconds: 7200), min: 7)
        let early = ScheduleTesting.bounds("early", start: "cron(0 9 * * ? *)", end: .duration(seconds: 7200), min: 3)
        let override = ScheduleResolver([late, early]).resolve(at: utc("2026-01-05T10:30:00Z")).override
        #expect(override.minCapacity?.schedule == "late")
        #expect(override.minCapacity?.value == 7)
    }

    @Test func tiesGoToTheScheduleListedLater() {
        let first = ScheduleTesting.bounds("first", start: "cron(0 8 * * ? *)", end: .duration(seconds: 3600), min: 2, floor: 3)
        let second = ScheduleTesting.bounds("second", start: "cron(0 8 * * ? *)", end: .duration(seconds: 7200), min: 5)
        let at = utc("2026-01-05T08:30:00Z")
        let forward = ScheduleResolver([first, second]).resolve(at: at).override
        #expect(forward.minCapacity?.schedule == "second")
        #expect(forward.minCapacity?.value == 5)
        // Only "first" sets a floor, so it keeps that field.
        #expect(forward.desiredFloor?.schedule == "first")
        #expect(forward.sources == ["second", "first"])
        let backward = ScheduleResolver([second, first]).resolve(at: at).override
        #expect(backward.minCapacity?.schedule == "first")
        #expect(backward.minCapacity?.value == 2)
    }

    @Test func fieldsResolveIndependently() {
        let floorOnly = ScheduleTesting.bounds("warm", start: "cron(0 7 * * ? *)", end: .duration(seconds: 4 * 3600), floor: 6)
        let maxOnly = ScheduleTesting.bounds("cap", start: "cron(0 6 * * ? *)", end: .duration(seconds: 8 * 3600), max: 12)
        let (override, validUntil) = ScheduleResolver([floorOnly, maxOnly]).resolve(at: utc("2026-01-05T09:00:00Z"))
        #expect(override.minCapacity == nil)
        #expect(override.desiredFloor?.value == 6)
        #expect(override.maxCapacity?.value == 12)
        #expect(override.sources == ["cap", "warm"])  // field order: min, max, floor
        #expect(validUntil == utc("2026-01-05T11:00:00Z"))
    }

    @Test func aNewStartOfAnActiveScheduleIsAChange() {
        // Windows of 90 minutes every hour overlap; each new start moves the window, so it bounds validUntil.
        let rolling = ScheduleTesting.bounds("rolling", start: "rate(1 hour)", end: .duration(seconds: 5400), min: 2)
        let result = ScheduleResolver([rolling]).resolve(at: utc("2026-01-05T10:10:00Z"))
        #expect(result.override.minCapacity?.window == DateInterval(start: utc("2026-01-05T10:00:00Z"), duration: 5400))
        #expect(result.validUntil == utc("2026-01-05T11:00:00Z"))
    }

    @Test func validityRangeIsRespected() {
        let campaign = ScheduleTesting.bounds(
            "campaign", start: "cron(0 8 * * ? *)", end: .duration(seconds: 3600),
            startTime: utc("2026-03-10T00:00:00Z"), endTime: utc("2026-03-12T08:30:00Z"), min: 9)
        let resolver = ScheduleResolver([campaign])
        #expect(resolver.resolve(at: utc("2026-03-01T00:00:00Z")).validUntil == utc("2026-03-10T08:00:00Z"))
        let last = resolver.resolve(at: utc("2026-03-12T08:10:00Z"))
        #expect(last.override.minCapacity?.value == 9)
        #expect(last.validUntil == utc("2026-03-12T08:30:00Z"))
        let after = resolver.resolve(at: utc("2026-03-12T08:30:00Z"))
        #expect(after.override.isEmpty)
        #expect(after.validUntil == .distantFuture)
    }

    /// A mix of window kinds, zones and overlaps for the property checks.
    static let mixedSchedules: [ScheduledBounds] = [
        ScheduleTesting.bounds(
            "business", start: "cron(0 8 ? * MON-FRI *)", end: .expression(ScheduleTesting.expression("cron(0 19 ? * MON-FRI *)")),
            timeZone: "Europe/Berlin", min: 4, max: 30),
        ScheduleTesting.bounds(
            "night", start: "cron(30 2 * * ? *)", end: .duration(seconds: 3 * 3600), timeZone: "America/New_York", max: 6),
        ScheduleTesting.bounds(
            "hourly-burst", start: "cron(0 * * * ? *)", end: .duration(seconds: 900), timeZone: "Europe/Berlin", floor: 5),
        ScheduleTesting.bounds(
            "rolling", start: "rate(90 minutes)", end: .duration(seconds: 7200),
            startTime: ScheduleTesting.utc("2026-02-01T00:00:00Z"), endTime: ScheduleTesting.utc("2026-11-15T00:00:00Z"), min: 2),
        ScheduleTesting.bounds(
            "month-end", start: "cron(0 18 L * ? *)", end: .expression(ScheduleTesting.expression("cron(0 6 1 * ? *)")),
            timeZone: "America/New_York", min: 12, floor: 14),
        ScheduleTesting.bounds(
            "launch", start: "at(2026-10-25T02:30:00)", end: .duration(seconds: 86_400), timeZone: "Europe/Berlin", max: 40),
    ]

    @Test func resultHoldsUntilValidUntilAndChangesThere() async {
        let resolver = ScheduleResolver(Self.mixedSchedules)
        await propertyCheck(count: 300, input: Gen.dateTime(inYear: 2026), Gen.double(in: 0..<1)) { date, fraction in
            let (override, validUntil) = resolver.resolve(at: date)
            #expect(validUntil > date)
            #expect(validUntil != .distantFuture, "the hourly schedule always changes again")
            // Any instant before validUntil resolves to the same override.
            for probe in [date.addingTimeInterval(validUntil.timeIntervalSince(date) * fraction), validUntil.addingTimeInterval(-0.001)] {
                #expect(resolver.resolve(at: probe).override == override, "at \(probe), from \(date)")
            }
            // validUntil is not conservative: some schedule's window is different there.
            let justBefore = validUntil.addingTimeInterval(-0.001)
            #expect(Self.mixedSchedules.contains { $0.window(containing: validUntil) != $0.window(containing: justBefore) })
        }
    }

    @Test func steppingByValidUntilMatchesResolvingEveryStep() {
        // Over one week across the Berlin fall-back day, stepping minute by minute and resolving only at
        // validUntil gives the same override as resolving at every minute.
        let resolver = ScheduleResolver(Self.mixedSchedules)
        var time = utc("2026-10-22T00:00:00Z")
        let end = utc("2026-10-29T00:00:00Z")
        var cached = resolver.resolve(at: time)
        var resolutions = 1
        while time < end {
            if time >= cached.validUntil {
                cached = resolver.resolve(at: time)
                resolutions += 1
            }
            #expect(cached.override == resolver.resolve(at: time).override, "at \(time)")
            time = time.addingTimeInterval(60)
        }
        // The hourly burst alone changes twice an hour; far fewer resolutions than the 10 080 steps.
        #expect(resolutions < 10_080 / 4)
    }
}
