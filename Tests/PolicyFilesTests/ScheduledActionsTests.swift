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

    @Test("A schedule expression that does not parse")
    func badCron() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 15,
            "ScheduledActions[0].Schedule 'cron(0 8 * *)' is not a valid schedule")
        expectOnlyProblem(
            schedule("Schedule: every day", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 15,
            "is not a valid schedule")
    }

    @Test("A cron expression that never fires, as Schedule or as End")
    func neverFires() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 30 2 ? *)", "Duration: 1h", "MinCapacity: 2"), .invalidSchedule, line: 9, column: 15,
            "'cron(0 8 30 2 ? *)' never fires")
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "End: cron(0 9 31 2 ? *)", "MinCapacity: 2"), .invalidSchedule,
            line: 10, column: 10, "ScheduledActions[0].End 'cron(0 9 31 2 ? *)' never fires")
    }

    @Test("An unknown time zone, with the closest IANA name")
    func unknownTimeZone() {
        expectOnlyProblem(
            schedule("Schedule: cron(0 8 * * ? *)", "Duration: 1h", "Timezone: Europe/Berlim", "MinCapacity: 2"),
            .invalidSchedule, line: 11, column: 15, "'Europe/Berlim' is not an IANA time zone", "did you mean 'Europe/Berlin'?")
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
