extension CronPattern {
    /// Which cron a field list follows, told apart by field count.
    enum Dialect: Sendable {
        /// `M H DoM Mon DoW Y`; day-of-week 1–7 = SUN–SAT; one of DoM/DoW must be `?`; `L`, `W`, `#`.
        case aws
        /// `M H DoM Mon DoW`; day-of-week 0–7 with 0 and 7 = Sunday; Vixie's DoM/DoW rule.
        case unix
    }

    /// One whitespace-separated field and the 1-based column where it starts in the expression.
    struct FieldText: Sendable {
        var text: Substring
        var column: Int
    }

    /// Parses the (already split) fields of a cron expression.
    static func parse(
        _ fields: [FieldText], dialect: Dialect, expression: String
    ) throws(ScheduleExpressionError) -> CronPattern {
        let specs = dialect == .aws ? CronFieldSpec.aws : CronFieldSpec.unix
        func parser(_ index: Int) -> CronFieldParser {
            CronFieldParser(spec: specs[index], field: fields[index], dialect: dialect, expression: expression)
        }
        let dayOfMonthText = fields[2].text
        let dayOfWeekText = fields[4].text
        switch dialect {
        case .aws:
            let monthDayIsAny = dayOfMonthText == "?"
            let weekdayIsAny = dayOfWeekText == "?"
            if monthDayIsAny == weekdayIsAny {
                let problem = monthDayIsAny ? "both are ?" : "neither is ?"
                throw ScheduleExpressionError(
                    .dayFieldsConflict, expression: expression,
                    message: "cron fields 3 (day-of-month) and 5 (day-of-week): AWS cron needs ? in exactly one "
                        + "of them (\(problem)), e.g. cron(0 8 ? * MON-FRI *) or cron(0 8 1 * ? *)",
                    column: fields[2].column)
            }
        case .unix:
            break
        }
        let minutes = try parser(0).bits()
        let hours = try parser(1).bits()
        let dayOfMonth = try parser(2).dayOfMonth()
        let months = try parser(3).bits()
        let dayOfWeek = try parser(4).dayOfWeek()
        let years = dialect == .aws ? try parser(5).years() : nil
        // Vixie cron ORs the day fields only when neither starts with `*` (so `*/2` counts as unrestricted).
        let daysMatchEither = dialect == .unix && !dayOfMonthText.hasPrefix("*") && !dayOfWeekText.hasPrefix("*")
        let pattern = CronPattern(
            minutes: minutes, hours: hours, dayOfMonth: dayOfMonth, dayOfWeek: dayOfWeek,
            daysMatchEither: daysMatchEither, months: months, years: years)
        try pattern.checkFiresAtAll(expression: expression, column: fields[0].column)
        return pattern
    }

    /// Rejects a pattern whose day, month and year fields match no date, such as `30 FEB`.
    /// Without a year field, a 400-year Gregorian cycle holds every combination of date and weekday.
    private func checkFiresAtAll(expression: String, column: Int) throws(ScheduleExpressionError) {
        let firstYear = yearBounds?.lowerBound ?? 1970
        let lastYear = yearBounds?.upperBound ?? firstYear + 400
        let start = LocalDateTime(year: firstYear, month: 1, day: 1).localSeconds
        guard firstMatch(atOrAfter: start, before: nil, yearLimit: lastYear) == nil else { return }
        let fields = years == nil ? "day-of-month, month and day-of-week fields" : "day-of-month, month, day-of-week and year fields"
        throw ScheduleExpressionError(
            .neverFires, expression: expression,
            message: "\(expression) can never fire: no date matches its \(fields)", column: column)
    }
}

/// What one cron field allows.
struct CronFieldSpec: Sendable {
    var number: Int
    var name: String
    var bounds: ClosedRange<Int>
    /// Names accepted instead of numbers; `names[i]` stands for `namesStart + i`.
    var names: [String] = []
    var namesStart = 0

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let weekdayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    static let aws: [CronFieldSpec] = [
        CronFieldSpec(number: 1, name: "minute", bounds: 0...59),
        CronFieldSpec(number: 2, name: "hour", bounds: 0...23),
        CronFieldSpec(number: 3, name: "day-of-month", bounds: 1...31),
        CronFieldSpec(number: 4, name: "month", bounds: 1...12, names: monthNames, namesStart: 1),
        CronFieldSpec(number: 5, name: "day-of-week", bounds: 1...7, names: weekdayNames, namesStart: 1),
        CronFieldSpec(number: 6, name: "year", bounds: 1970...2199),
    ]

    static let unix: [CronFieldSpec] = [
        CronFieldSpec(number: 1, name: "minute", bounds: 0...59),
        CronFieldSpec(number: 2, name: "hour", bounds: 0...23),
        CronFieldSpec(number: 3, name: "day-of-month", bounds: 1...31),
        CronFieldSpec(number: 4, name: "month", bounds: 1...12, names: monthNames, namesStart: 1),
        CronFieldSpec(number: 5, name: "day-of-week", bounds: 0...7, names: weekdayNames, namesStart: 0),
    ]
}
