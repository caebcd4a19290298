import Foundation
import Testing

@testable import CapacityCore

@Suite struct ScheduleExpressionParsingTests {
    @Test(arguments: [
        ("cron(0 8 ? * MON-FRI *)", "cron(0 8 ? * MON-FRI *)", ScheduleExpression.Kind.awsCron),
        ("  cron(0   8 ? *  mon-fri * ) ", "cron(0 8 ? * MON-FRI *)", .awsCron),
        ("cron(10-40/5 */3 L * ? 2026-2030)", "cron(10-40/5 */3 L * ? 2026-2030)", .awsCron),
        ("cron(0 9 ? * 2#1 *)", "cron(0 9 ? * 2#1 *)", .awsCron),
        ("cron(0 9 15w,LW * ? *)", "cron(0 9 15W,LW * ? *)", .awsCron),
        ("cron(0 9 ? JAN-MAR/2 6L,L *)", "cron(0 9 ? JAN-MAR/2 6L,L *)", .awsCron),
        ("cron(0 8 * * 1-5)", "cron(0 8 * * 1-5)", .unixCron),
        ("0 8 * * 1-5", "cron(0 8 * * 1-5)", .unixCron),
        ("30 2 1,15 * sun,7", "cron(30 2 1,15 * SUN,7)", .unixCron),
        ("rate(1 minute)", "rate(1 minute)", .rate),
        ("rate(15  minutes)", "rate(15 minutes)", .rate),
        ("rate(2 hours)", "rate(2 hours)", .rate),
        ("rate(1 day)", "rate(1 day)", .rate),
        ("at(2026-03-29T02:30:00)", "at(2026-03-29T02:30:00)", .at),
    ])
    func acceptsEachFormAndNormalizes(text: String, normalized: String, kind: ScheduleExpression.Kind) throws {
        let expression = try ScheduleExpression.parse(text)
        #expect(expression.description == normalized)
        #expect(expression.kind == kind)
        // The normalised text is itself a valid expression denoting the same schedule.
        #expect(try ScheduleExpression.parse(normalized) == expression)
    }

    @Test func rateExposesItsPeriod() throws {
        #expect(try ScheduleExpression.parse("rate(1 minute)").rateSeconds == 60)
        #expect(try ScheduleExpression.parse("rate(3 hours)").rateSeconds == 10_800)
        #expect(try ScheduleExpression.parse("rate(2 days)").rateSeconds == 172_800)
        #expect(try ScheduleExpression.parse("cron(0 8 * * ? *)").rateSeconds == nil)
    }

    @Test func codableRoundTripsThroughTheExpressionString() throws {
        let expressions = try ["cron(0 8 ? * MON-FRI *)", "0 8 * * 1", "rate(5 minutes)", "at(2026-01-01T00:00:00)"]
            .map(ScheduleExpression.parse)
        let data = try JSONEncoder().encode(expressions)
        #expect(String(decoding: data, as: UTF8.self)
            == #"["cron(0 8 ? * MON-FRI *)","cron(0 8 * * 1)","rate(5 minutes)","at(2026-01-01T00:00:00)"]"#)
        #expect(try JSONDecoder().decode([ScheduleExpression].self, from: data) == expressions)
    }

    @Test func decodingRejectsAnInvalidExpressionWithItsMessage() {
        let data = Data(#"["cron(0 25 * * ? *)"]"#.utf8)
        #expect {
            try JSONDecoder().decode([ScheduleExpression].self, from: data)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription == "cron field 2 (hour): 25 is out of range 0-23"
        }
    }

    @Test(arguments: [
        // cron field values
        ("cron(0 25 * * ? *)", ScheduleExpressionError.Code.valueOutOfRange, "cron field 2 (hour): 25 is out of range 0-23", 8),
        ("cron(60 * * * ? *)", .valueOutOfRange, "cron field 1 (minute): 60 is out of range 0-59", 6),
        ("cron(0 0 32 * ? *)", .valueOutOfRange, "cron field 3 (day-of-month): 32 is out of range 1-31", 10),
        ("cron(0 0 ? 13 * *)", .valueOutOfRange, "cron field 4 (month): 13 is out of range 1-12", 12),
        ("cron(0 0 ? * 0 *)", .valueOutOfRange, "cron field 5 (day-of-week): 0 is out of range 1-7", 14),
        ("cron(0 0 ? * MON-8 *)", .valueOutOfRange, "cron field 5 (day-of-week): 8 is out of range 1-7", 18),
        ("0 0 * * 8", .valueOutOfRange, "cron field 5 (day-of-week): 8 is out of range 0-7", 9),
        ("cron(0 0 * * ? 1969)", .valueOutOfRange, "cron field 6 (year): 1969 is out of range 1970-2199", 16),
        ("cron(0 0 ? * 2#6 *)", .valueOutOfRange,
         "cron field 5 (day-of-week): '6' after # must be an occurrence 1-5 (as in 2#1, the first Monday)", 16),
        ("cron(*/61 * * * ? *)", .valueOutOfRange, "cron field 1 (minute): step 61 is larger than the field's range 0-59", 8),
        // cron syntax
        ("cron(*/0 * * * ? *)", .syntax, "cron field 1 (minute): step '0' must be a whole number of at least 1", 8),
        ("cron(0 22-2 * * ? *)", .syntax,
         "cron field 2 (hour): range 22-2 runs backwards; list the two parts instead, e.g. 22-23,0-2", 8),
        ("cron(0 0 1,,2 * ? *)", .syntax, "cron field 3 (day-of-month): empty entry in the list", 12),
        ("cron(0 0 1 FOO ? *)", .syntax, "cron field 4 (month): 'FOO' is not a number or a name JAN-DEC", 12),
        ("cron(0 0 1 * ? MON)", .syntax, "cron field 6 (year): 'MON' is not a number", 16),
        ("cron(0 -1 * * ? *)", .syntax, "cron field 2 (hour): a value is missing in '-1'", 8),
        ("cron(0 0 ? * 1,? *)", .syntax, "cron field 5 (day-of-week): '?' must stand alone in its field", 14),
        ("0 0 L * *", .syntax,
         "cron field 3 (day-of-month): 'L' is AWS cron syntax; use the 6-field form cron(M H DoM Mon DoW Y)", 5),
        ("0 0 * * 1#2", .syntax,
         "cron field 5 (day-of-week): '#' is AWS cron syntax; use the 6-field form cron(M H DoM Mon DoW Y)", 9),
        ("0 0 ? * 1", .syntax, "cron field 3 (day-of-month): '?' is AWS cron syntax; use * in the 5-field form", 5),
        ("cron(0 0 * * ? *", .syntax, "cron(...) is missing its closing parenthesis", 17),
        // cron structure
        ("cron(0 0 * * * *)", .dayFieldsConflict,
         "cron fields 3 (day-of-month) and 5 (day-of-week): AWS cron needs ? in exactly one of them (neither is ?), e.g. cron(0 8 ? * MON-FRI *) or cron(0 8 1 * ? *)", 10),
        ("cron(0 0 ? * ? *)", .dayFieldsConflict,
         "cron fields 3 (day-of-month) and 5 (day-of-week): AWS cron needs ? in exactly one of them (both are ?), e.g. cron(0 8 ? * MON-FRI *) or cron(0 8 1 * ? *)", 10),
        ("cron(0 0 * *)", .fieldCount,
         "cron(...) has 4 fields; expected 6 (AWS: minute hour day-of-month month day-of-week year) or 5 (Unix: minute hour day-of-month month day-of-week)", 6),
        ("cron(0 0 30 FEB ? *)", .neverFires,
         "cron(0 0 30 FEB ? *) can never fire: no date matches its day-of-month, month and day-of-week fields", 6),
        ("cron(0 0 31 APR,JUN ? *)", .neverFires,
         "cron(0 0 31 APR,JUN ? *) can never fire: no date matches its day-of-month, month and day-of-week fields", 6),
        ("cron(0 0 29 FEB ? 2027)", .neverFires,
         "cron(0 0 29 FEB ? 2027) can never fire: no date matches its day-of-month, month, day-of-week and year fields", 6),
        ("0 0 30 2 *", .neverFires,
         "0 0 30 2 * can never fire: no date matches its day-of-month, month and day-of-week fields", 1),
        // other forms
        ("every day", .unrecognizedForm,
         "expected cron(...), rate(...), at(...) or a 5-field cron expression, got 'every day'", 1),
        ("", .unrecognizedForm, "expected cron(...), rate(...), at(...) or a 5-field cron expression, got ''", 1),
        ("rate(0 minutes)", .invalidRate, "rate(): value '0' must be a whole number of at least 1", 6),
        ("rate(five minutes)", .invalidRate, "rate(): value 'five' must be a whole number of at least 1", 6),
        ("rate(1 minutes)", .invalidRate, "rate(): with 1 the unit is singular: rate(1 minute)", 8),
        ("rate(5 hour)", .invalidRate, "rate(): with 5 the unit is plural: rate(5 hours)", 8),
        ("rate(2 weeks)", .invalidRate, "rate(): unit 'weeks' must be minute(s), hour(s) or day(s)", 8),
        ("rate(5)", .invalidRate, "rate(): expected a number and a unit, as in rate(5 minutes), got '5'", 6),
        ("at(2026-02-30T00:00:00)", .invalidDate, "at(): day 30 does not exist in 2026-02 (it has 28 days)", 12),
        ("at(2026-13-01T00:00:00)", .invalidDate, "at(): month 13 is out of range 1-12", 9),
        ("at(2026-01-01T24:00:00)", .invalidDate, "at(): hour 24 is out of range 0-23", 15),
        ("at(2026-01-01 00:00:00)", .invalidDate,
         "at(): expected 'T' in '2026-01-01 00:00:00' (form yyyy-mm-ddThh:mm:ss)", 14),
        ("at(2026-01-01)", .invalidDate,
         "at(): '2026-01-01' is not a local date and time of the form yyyy-mm-ddThh:mm:ss", 4),
    ])
    func rejectsWithFieldAndColumn(text: String, code: ScheduleExpressionError.Code, message: String, column: Int) {
        #expect {
            try ScheduleExpression.parse(text)
        } throws: { error in
            guard let error = error as? ScheduleExpressionError else { return false }
            #expect(error.message == message)
            #expect(error.code == code)
            #expect(error.column == column)
            #expect(error.expression == text)
            return true
        }
    }

    @Test func sparseButPossibleExpressionsAreAccepted() throws {
        // 29 February exists in leap years; the fifth Monday of February needs 29 February on a Monday (2044).
        _ = try ScheduleExpression.parse("cron(0 0 29 FEB ? *)")
        _ = try ScheduleExpression.parse("cron(0 0 ? FEB 2#5 *)")
        // Unix ORs restricted day fields: 30 February never exists, but Mondays in February do.
        _ = try ScheduleExpression.parse("0 0 30 2 1")
    }
}
