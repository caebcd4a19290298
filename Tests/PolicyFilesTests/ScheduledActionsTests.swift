import CapacityCore
import Foundation
import PolicyFiles
import Testing

/// A policy whose ScheduledActions[0] is named `a` and holds `lines` (its keys start on line 9, column 5).
private func schedule(_ lines: String...) -> String {
    minimalHead + "ScheduledActions:\n  - Name: a\n" + lines.map { "    \($0)\n" }.joined()
}

@Suite("Scheduled actions")
struct ScheduledActionsTests {
    @Test("The helper's own schedule is valid")
    func baseline() {
        #expect(problems(schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 2")).isEmpty)
    }

    @Test("A schedule expression that does not parse, located inside the expression")
    func badCron() {
        // The column is the first field's: "    Schedule: cron(" is 19 characters.
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 20,
            "ScheduledActions[0].Schedule is not a valid schedule expression: ", "4 fields")
        // The hour field, "25", starts at column 22.
        expectOnlyProblem(
            schedule("Schedule: cron(0 25 * * ? *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 22,
            "is not a valid schedule expression", "25")
        // Neither day field is '?': the day-of-month field, at column 24.
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * MON *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 24,
            "is not a valid schedule expression", "?")
        expectOnlyProblem(
            schedule("Schedule: rate(0 minutes)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 20,
            "is not a valid schedule expression")
    }

    @Test("A quoted expression's problems are reported at the value")
    func quotedExpression() {
        expectOnlyProblem(
            schedule("Schedule: 'cron(0 25 * * ? *)'", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 15,
            "is not a valid schedule expression")
    }

    @Test("A cron expression that matches no date, as Schedule or as End")
    func neverFires() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 30 2 ? *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 20,
            "ScheduledActions[0].Schedule never fires: ", "cron(0 8 30 2 ? *)")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "End: cron(0 9 31 2 ? *)", "MinCapacity: 2"), .invalidSchedule,
            line: 10, column: 15, "ScheduledActions[0].End never fires: ", "cron(0 9 31 2 ? *)")
    }

    @Test("Expressions that will not fire again: a past year, an at() in the past")
    func expired() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 ? * MON-FRI 2025)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule,
            line: 9, column: 15, "ScheduledActions[0].Schedule never fires: ", "2026-01-05T00:00:00Z")
        expectOnlyProblem(
            schedule("Schedule: at(2025-12-24T08:00:00)", "Duration: 1d", "MinCapacity: 2"), .invalidSchedule,
            line: 9, column: 15, "never fires")
        // From its StartTime on, a schedule for a past period is checked against that period.
        #expect(problems(schedule(
            "Schedule: at(2025-12-24T08:00:00)", "Duration: 1d", "MinCapacity: 2", "StartTime: 2025-12-01T00:00:00Z")).isEmpty)
    }

    @Test("Firing is checked in the schedule's time zone")
    func firingInZone() {
        // 2026-01-05T00:00:00Z is 09:00 on the 5th in Tokyo: an at() at 08:00 that day has passed there.
        expectOnlyProblem(
            schedule("Schedule: at(2026-01-05T08:00:00)", "Duration: 1h", "Timezone: Asia/Tokyo", "MinCapacity: 2"),
            .invalidSchedule, line: 9, column: 15, "never fires")
        #expect(problems(schedule("Schedule: at(2026-01-05T08:00:00)", "Duration: 1h", "MinCapacity: 2")).isEmpty)
    }

    @Test("An unknown time zone, with the closest IANA name; abbreviations are refused")
    func unknownTimeZone() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "Timezone: Europe/Berlim", "MinCapacity: 2"),
            .invalidSchedule, line: 11, column: 15, "'Europe/Berlim' is not an IANA time zone", "did you mean 'Europe/Berlin'?")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "Timezone: PST", "MinCapacity: 2"),
            .invalidSchedule, line: 11, column: 15, "'PST' is not an IANA time zone", "abbreviations are ambiguous")
        #expect(problems(schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "Timezone: Etc/GMT+9", "MinCapacity: 2")).isEmpty)
    }

    @Test("End or Duration: one is required, both are refused")
    func endOrDuration() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "MinCapacity: 2"), .missingKey, line: 8, column: 5,
            "ScheduledActions[0] needs End (a schedule expression) or Duration")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "End: cron(0 9 * * ? *)", "Duration: 1h", "MinCapacity: 2"),
            .conflictingValues, line: 11, column: 5, "End or Duration, not both")
    }

    @Test("Durations must be positive and well formed")
    func badDuration() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 2x", "MinCapacity: 2"), .wrongType, line: 10, column: 15,
            "ScheduledActions[0].Duration must be a number of seconds or a duration")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 0", "MinCapacity: 2"), .outOfRange, line: 10, column: 15,
            "must be at least 1")
    }

    @Test("A schedule must change something")
    func changesNothing() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h"), .missingKey, line: 8, column: 5,
            "must set at least one of MinCapacity, MaxCapacity and DesiredFloor")
    }

    @Test("Schedule MinCapacity above its own MaxCapacity")
    func minAboveOwnMax() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 6", "MaxCapacity: 5"),
            .conflictingValues, line: 11, column: 18, "ScheduledActions[0].MinCapacity (6) is above its MaxCapacity (5)")
    }

    @Test("Schedule MinCapacity above the policy's MaxCapacity, without raising it")
    func minAbovePolicyMax() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 12"),
            .conflictingValues, line: 11, column: 18,
            "MinCapacity (12) is above the policy's MaxCapacity (10); set MaxCapacity in this schedule too")
    }

    @Test("DesiredFloor above the max in force")
    func floorAboveMax() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "DesiredFloor: 11"),
            .conflictingValues, line: 11, column: 19, "DesiredFloor (11) is above the policy's MaxCapacity (10)")
    }

    @Test("Negative scheduled capacities")
    func negative() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MaxCapacity: -4"),
            .outOfRange, line: 11, column: 18, "ScheduledActions[0].MaxCapacity must not be negative")
    }

    @Test("Duplicate schedule names")
    func duplicateNames() {
        let yaml = schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 2")
            + "  - {Name: a, Schedule: cron(0 9 * * ? *), Duration: 1h, MinCapacity: 3}\n"
        expectOnlyProblem(yaml, .duplicateName, line: 12, column: 12, "schedule name 'a' is already used at line 8")
    }

    @Test("StartTime and EndTime: ISO 8601 with an offset, start before end")
    func validityRange() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 2", "StartTime: 2026-13-01T00:00:00Z"),
            .invalidValue, line: 12, column: 16, "StartTime must be an ISO 8601 time")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 2", "StartTime: 2026-01-01T00:00:00"),
            .invalidValue, line: 12, column: 16, "with its offset")
        expectOnlyProblem(
            schedule(
                "Schedule: cron(0 8 * * ? *)", "Duration: 1h", "MinCapacity: 2",
                "StartTime: 2026-06-01T00:00:00Z", "EndTime: 2026-05-01T00:00:00Z"),
            .conflictingValues, line: 13, column: 14, "EndTime must be later than StartTime")
    }

    @Test("ScheduledActions must be a list of mappings")
    func shape() {
        expectOnlyProblem(minimalHead + "ScheduledActions: {Name: a}\n", .wrongType, line: 7, column: 19, "ScheduledActions must be a list")
        expectOnlyProblem(minimalHead + "ScheduledActions: [nightly]\n", .wrongType, line: 7, column: 20, "ScheduledActions[0] must be a mapping")
    }
}
