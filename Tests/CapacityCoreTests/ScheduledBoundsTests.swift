import Foundation
import Testing

@testable import CapacityCore

@Suite struct ScheduledBoundsTests {
    private let utc = ScheduleTesting.utc

    private func window(_ schedule: ScheduledBounds, _ at: String) -> DateInterval? {
        schedule.window(containing: utc(at))
    }

    private func interval(_ start: String, _ end: String) -> DateInterval {
        DateInterval(start: utc(start), end: utc(end))
    }

    @Test func durationWindowIsHalfOpen() {
        let peak = ScheduleTesting.bounds("peak", start: "cron(0 8 ? * MON-FRI *)", end: .duration(seconds: 11 * 3600), min: 4)
        let monday = interval("2026-01-05T08:00:00Z", "2026-01-05T19:00:00Z")
        #expect(window(peak, "2026-01-05T08:00:00Z") == monday)
        #expect(window(peak, "2026-01-05T18:59:59Z") == monday)
        #expect(window(peak, "2026-01-05T19:00:00Z") == nil)
        #expect(window(peak, "2026-01-05T07:59:59Z") == nil)
        #expect(window(peak, "2026-01-10T12:00:00Z") == nil)  // Saturday
    }

    @Test func endExpressionInTheSchedulesZone() {
        let peak = ScheduleTesting.bounds(
            "peak", start: "cron(0 8 ? * MON-FRI *)", end: .expression(ScheduleTesting.expression("cron(0 19 ? * MON-FRI *)")),
            timeZone: "Europe/Berlin", min: 4)
        #expect(window(peak, "2026-01-05T10:00:00Z") == interval("2026-01-05T07:00:00Z", "2026-01-05T18:00:00Z"))
        #expect(window(peak, "2026-07-06T16:30:00Z") == interval("2026-07-06T06:00:00Z", "2026-07-06T17:00:00Z"))
        #expect(window(peak, "2026-07-06T17:00:00Z") == nil)
    }

    @Test func windowsAcrossMidnight() {
        let night = ScheduleTesting.bounds(
            "night", start: "cron(0 22 * * ? *)", end: .expression(ScheduleTesting.expression("cron(0 6 * * ? *)")), max: 2)
        #expect(window(night, "2026-01-06T02:00:00Z") == interval("2026-01-05T22:00:00Z", "2026-01-06T06:00:00Z"))
        #expect(window(night, "2026-01-06T22:00:00Z") == interval("2026-01-06T22:00:00Z", "2026-01-07T06:00:00Z"))
        #expect(window(night, "2026-01-06T21:59:59Z") == nil)
        #expect(window(night, "2026-01-06T06:00:00Z") == nil)

        let lateBatch = ScheduleTesting.bounds("batch", start: "0 23 * * *", end: .duration(seconds: 3 * 3600), min: 6)
        #expect(window(lateBatch, "2026-01-06T01:30:00Z") == interval("2026-01-05T23:00:00Z", "2026-01-06T02:00:00Z"))
        #expect(window(lateBatch, "2026-01-06T02:30:00Z") == nil)
    }

    @Test func weekendWindowFromFridayToMonday() {
        let weekend = ScheduleTesting.bounds(
            "weekend", start: "cron(0 18 ? * FRI *)", end: .expression(ScheduleTesting.expression("cron(0 6 ? * MON *)")), max: 3)
        let expected = interval("2026-01-09T18:00:00Z", "2026-01-12T06:00:00Z")
        #expect(window(weekend, "2026-01-10T12:00:00Z") == expected)
        #expect(window(weekend, "2026-01-11T23:00:00Z") == expected)
        #expect(window(weekend, "2026-01-12T07:00:00Z") == nil)
    }

    @Test func overlappingWindowsOfOneScheduleReportTheLatest() {
        let hourly = ScheduleTesting.bounds("hourly", start: "rate(1 hour)", end: .duration(seconds: 7200), min: 1)
        #expect(window(hourly, "2026-01-05T10:30:00Z") == interval("2026-01-05T10:00:00Z", "2026-01-05T12:00:00Z"))
    }

    @Test func windowsSpanningDSTLastRealTime() {
        // 01:00 CET to 04:00 CEST on the spring day is two real hours; a 3-hour duration ends at 05:00 CEST.
        let byEnd = ScheduleTesting.bounds(
            "early", start: "cron(0 1 * * ? *)", end: .expression(ScheduleTesting.expression("cron(0 4 * * ? *)")),
            timeZone: "Europe/Berlin", min: 2)
        #expect(window(byEnd, "2026-03-29T01:30:00Z") == interval("2026-03-29T00:00:00Z", "2026-03-29T02:00:00Z"))
        let byDuration = ScheduleTesting.bounds(
            "early", start: "cron(0 1 * * ? *)", end: .duration(seconds: 3 * 3600), timeZone: "Europe/Berlin", min: 2)
        #expect(window(byDuration, "2026-03-29T01:30:00Z") == interval("2026-03-29T00:00:00Z", "2026-03-29T03:00:00Z"))
    }

    @Test func startTimeAndEndTimeBoundTheSchedule() {
        let campaign = ScheduleTesting.bounds(
            "campaign", start: "cron(0 8 * * ? *)", end: .duration(seconds: 10 * 3600),
            startTime: utc("2026-03-10T12:00:00Z"), endTime: utc("2026-03-20T12:00:00Z"), min: 8)
        // The 10 March window opened before startTime, so it does not count.
        #expect(window(campaign, "2026-03-10T13:00:00Z") == nil)
        #expect(window(campaign, "2026-03-11T09:00:00Z") == interval("2026-03-11T08:00:00Z", "2026-03-11T18:00:00Z"))
        // The last window is cut short at endTime.
        #expect(window(campaign, "2026-03-20T11:00:00Z") == interval("2026-03-20T08:00:00Z", "2026-03-20T12:00:00Z"))
        #expect(window(campaign, "2026-03-20T13:00:00Z") == nil)
        #expect(window(campaign, "2026-03-21T09:00:00Z") == nil)
        #expect(campaign.nextStart(after: utc("2026-03-01T00:00:00Z")) == utc("2026-03-11T08:00:00Z"))
        #expect(campaign.nextStart(after: utc("2026-03-19T09:00:00Z")) == utc("2026-03-20T08:00:00Z"))
        #expect(campaign.nextStart(after: utc("2026-03-20T09:00:00Z")) == nil)
    }

    @Test func rateStartIsAnchoredAtStartTime() {
        let every6h = ScheduleTesting.bounds(
            "every6h", start: "rate(6 hours)", end: .duration(seconds: 3600), startTime: utc("2026-03-10T01:30:00Z"), floor: 5)
        #expect(every6h.nextStart(after: utc("2026-03-01T00:00:00Z")) == utc("2026-03-10T01:30:00Z"))
        #expect(window(every6h, "2026-03-10T01:30:00Z") == interval("2026-03-10T01:30:00Z", "2026-03-10T02:30:00Z"))
        #expect(window(every6h, "2026-03-10T07:45:00Z") == interval("2026-03-10T07:30:00Z", "2026-03-10T08:30:00Z"))
        #expect(window(every6h, "2026-03-10T01:29:59Z") == nil)
        #expect(every6h.nextStart(after: utc("2026-03-10T01:30:00Z")) == utc("2026-03-10T07:30:00Z"))
    }

    @Test func atStartWithEndInAnotherZone() {
        let launch = ScheduleTesting.bounds(
            "launch", start: "at(2026-05-01T09:00:00)", end: .expression(ScheduleTesting.expression("at(2026-05-03T18:00:00)")),
            timeZone: "America/New_York", min: 20)
        let expected = interval("2026-05-01T13:00:00Z", "2026-05-03T22:00:00Z")
        #expect(window(launch, "2026-05-02T00:00:00Z") == expected)
        #expect(window(launch, "2026-05-04T00:00:00Z") == nil)
        #expect(launch.nextStart(after: utc("2026-05-01T13:00:00Z")) == nil)
    }

    @Test func anEndThatNeverComesLastsUntilEndTimeOrForever() {
        let stuck = ScheduleTesting.bounds(
            "stuck", start: "cron(0 8 * * ? *)", end: .expression(ScheduleTesting.expression("at(2026-01-01T00:00:00)")), min: 1)
        #expect(window(stuck, "2026-06-01T12:00:00Z")?.end == .distantFuture)
        let bounded = ScheduleTesting.bounds(
            "bounded", start: "cron(0 8 * * ? *)", end: .expression(ScheduleTesting.expression("at(2026-01-01T00:00:00)")),
            endTime: utc("2026-07-01T00:00:00Z"), min: 1)
        #expect(window(bounded, "2026-06-01T12:00:00Z") == interval("2026-06-01T08:00:00Z", "2026-07-01T00:00:00Z"))
    }

    @Test(arguments: ["UTC", "GMT", "Europe/Berlin", "America/New_York", "Etc/GMT+9", "Asia/Kolkata", "Australia/Lord_Howe"])
    func acceptsIANAZones(identifier: String) throws {
        let schedule = try ScheduledBounds(
            name: "s", start: ScheduleTesting.expression("rate(1 day)"), end: .duration(seconds: 60), timeZone: identifier, minCapacity: 1)
        #expect(schedule.timeZone.secondsFromGMT(for: utc("2026-01-01T00:00:00Z"))
            == TimeZone(identifier: identifier)!.secondsFromGMT(for: utc("2026-01-01T00:00:00Z")))
    }

    @Test(arguments: [
        (ScheduledBounds.ValidationCase(name: " ", timeZone: "UTC", end: .duration(seconds: 60), min: 1),
         ScheduledBoundsError.Code.emptyName, "schedule ' ': the name is empty"),
        (.init(timeZone: "Europe/Berln"), .unknownTimeZone,
         "schedule 'peak': time zone 'Europe/Berln' is not an IANA time zone identifier (such as Europe/Berlin or UTC)"),
        (.init(timeZone: "CET"), .unknownTimeZone,
         "schedule 'peak': time zone 'CET' is not an IANA time zone identifier (such as Europe/Berlin or UTC)"),
        (.init(timeZone: "GMT+2"), .unknownTimeZone,
         "schedule 'peak': time zone 'GMT+2' is not an IANA time zone identifier (such as Europe/Berlin or UTC)"),
        (.init(timeZone: "europe/berlin"), .unknownTimeZone,
         "schedule 'peak': time zone 'europe/berlin' is not an IANA time zone identifier (such as Europe/Berlin or UTC)"),
        (.init(end: .duration(seconds: 0)), .nonPositiveDuration, "schedule 'peak': duration must be positive, got 0 seconds"),
        (.init(startTime: "2026-02-01T00:00:00Z", endTime: "2026-01-01T00:00:00Z"), .emptyValidity,
         "schedule 'peak': startTime 2026-02-01T00:00:00Z is not before endTime 2026-01-01T00:00:00Z"),
        (.init(min: nil), .noCapacity, "schedule 'peak': set at least one of minCapacity, maxCapacity and desiredFloor"),
        (.init(min: -1), .negativeCapacity, "schedule 'peak': minCapacity must be at least 0, got -1"),
        (.init(min: 1, floor: -2), .negativeCapacity, "schedule 'peak': desiredFloor must be at least 0, got -2"),
        (.init(min: 5, max: 4), .inconsistentCapacity, "schedule 'peak': minCapacity 5 is above maxCapacity 4"),
        (.init(min: nil, max: 4, floor: 6), .inconsistentCapacity, "schedule 'peak': desiredFloor 6 is above maxCapacity 4"),
    ])
    func rejectsInvalidSchedules(input: ScheduledBounds.ValidationCase, code: ScheduledBoundsError.Code, message: String) {
        #expect {
            try ScheduledBounds(
                name: input.name, start: ScheduleTesting.expression("cron(0 8 * * ? *)"), end: input.end,
                timeZone: input.timeZone, startTime: input.startTime.map(utc), endTime: input.endTime.map(utc),
                minCapacity: input.min, maxCapacity: input.max, desiredFloor: input.floor)
        } throws: { error in
            guard let error = error as? ScheduledBoundsError else { return false }
            #expect(error.message == message)
            #expect(error.code == code)
            return true
        }
    }

    @Test func codableRoundTripAndValidationOnDecode() throws {
        let schedule = ScheduleTesting.bounds(
            "business-hours", start: "cron(0 8 ? * MON-FRI *)", end: .expression(ScheduleTesting.expression("cron(0 19 ? * MON-FRI *)")),
            timeZone: "Europe/Berlin", startTime: utc("2026-01-01T00:00:00Z"), min: 4, max: 30, floor: 6)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(schedule)
        #expect(String(decoding: data, as: UTF8.self) == #"{"desiredFloor":6,"end":{"expression":"cron(0 19 ? * MON-FRI *)"},"#
            + #""maxCapacity":30,"minCapacity":4,"name":"business-hours","start":"cron(0 8 ? * MON-FRI *)","#
            + #""startTime":"2026-01-01T00:00:00Z","timeZone":"Europe\/Berlin"}"#)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(ScheduledBounds.self, from: data) == schedule)

        let duration = ScheduleTesting.bounds("d", start: "rate(1 day)", end: .duration(seconds: 90), min: 1)
        #expect(try decoder.decode(ScheduledBounds.self, from: encoder.encode(duration)) == duration)

        let invalid = Data(#"{"name":"x","start":"rate(1 day)","end":{"duration":60},"timeZone":"Mars/Olympus","minCapacity":1}"#.utf8)
        #expect {
            try decoder.decode(ScheduledBounds.self, from: invalid)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription
                == "schedule 'x': time zone 'Mars/Olympus' is not an IANA time zone identifier (such as Europe/Berlin or UTC)"
        }
    }
}

extension ScheduledBounds {
    /// The inputs of one invalid schedule, for the table of rejections (defaults are valid).
    struct ValidationCase: Sendable, CustomStringConvertible {
        var name = "peak"
        var timeZone = "UTC"
        var end = ScheduleEnd.duration(seconds: 3600)
        var startTime: String?
        var endTime: String?
        var min: Int? = 1
        var max: Int?
        var floor: Int?
        var description: String { "\(name) \(timeZone) \(end) \(min as Any) \(max as Any) \(floor as Any)" }
    }
}
