/// Parses the text of one cron field: lists of values, ranges and steps, names, and the AWS specials
/// of the day fields. Every error names the field and the column of the offending element.
struct CronFieldParser: Sendable {
    var spec: CronFieldSpec
    var field: CronPattern.FieldText
    var dialect: CronPattern.Dialect
    var expression: String

    /// An element's inclusive range of values and its step.
    private struct Stepped {
        var lower: Int
        var upper: Int
        var step: Int
    }

    /// One comma-separated element and its column.
    private struct Element {
        var text: Substring
        var column: Int
    }

    /// A field of plain values (minute, hour, month) as bits.
    func bits() throws(ScheduleExpressionError) -> UInt64 {
        var bits: UInt64 = 0
        for element in try elements() {
            let stepped = try steppedRange(element)
            for value in stride(from: stepped.lower, through: stepped.upper, by: stepped.step) {
                bits |= 1 << UInt64(value)
            }
        }
        return bits
    }

    /// The year field; nil when it is `*`.
    func years() throws(ScheduleExpressionError) -> [Int]? {
        if field.text == "*" { return nil }
        var years = Set<Int>()
        for element in try elements() {
            let stepped = try steppedRange(element)
            years.formUnion(stride(from: stepped.lower, through: stepped.upper, by: stepped.step))
        }
        return years.sorted()
    }

    /// The day-of-month field; nil when it does not restrict days (`*`, or `?` in AWS cron).
    func dayOfMonth() throws(ScheduleExpressionError) -> DayOfMonthRule? {
        if field.text == "*" { return nil }
        if try isAnyMarker() { return nil }
        var rule = DayOfMonthRule()
        for element in try elements() {
            let text = element.text.uppercased()
            if text == "L" || text == "LW" {
                try requireAWS(element, feature: "'\(text)'")
                if text == "L" { rule.lastDay = true } else { rule.lastWeekday = true }
            } else if text.hasSuffix("W") {
                try requireAWS(element, feature: "'W'")
                let day = try value(Element(text: element.text.dropLast(), column: element.column))
                rule.nearestWeekday |= 1 << UInt64(day)
            } else {
                let stepped = try steppedRange(element)
                for day in stride(from: stepped.lower, through: stepped.upper, by: stepped.step) {
                    rule.days |= 1 << UInt64(day)
                }
            }
        }
        return rule
    }

    /// The day-of-week field with weekdays normalised to 0 = Sunday; nil when it does not restrict days.
    func dayOfWeek() throws(ScheduleExpressionError) -> DayOfWeekRule? {
        if field.text == "*" { return nil }
        if try isAnyMarker() { return nil }
        var rule = DayOfWeekRule()
        for element in try elements() {
            let text = element.text.uppercased()
            if text == "L" {
                // AWS: L alone in day-of-week is the last day of the week, Saturday.
                try requireAWS(element, feature: "'L'")
                rule.weekdays |= 1 << 6
            } else if text.hasSuffix("L") {
                try requireAWS(element, feature: "'L'")
                let weekday = try self.weekday(Element(text: element.text.dropLast(), column: element.column))
                rule.lastInMonth |= 1 << UInt64(weekday)
            } else if let hash = element.text.firstIndex(of: "#") {
                try requireAWS(element, feature: "'#'")
                let weekdayText = element.text[..<hash]
                let occurrenceText = element.text[element.text.index(after: hash)...]
                let weekday = try self.weekday(Element(text: weekdayText, column: element.column))
                let occurrenceColumn = element.column + weekdayText.count + 1
                guard let occurrence = Int(occurrenceText), (1...5).contains(occurrence) else {
                    throw failure(
                        .valueOutOfRange,
                        "'\(occurrenceText)' after # must be an occurrence 1-5 (as in 2#1, the first Monday)",
                        column: occurrenceColumn)
                }
                rule.nthInMonth |= 1 << UInt64(weekday * 5 + occurrence - 1)
            } else {
                let stepped = try steppedRange(element)
                for value in stride(from: stepped.lower, through: stepped.upper, by: stepped.step) {
                    rule.weekdays |= 1 << UInt64(normalizedWeekday(value))
                }
            }
        }
        return rule
    }

    // MARK: - Pieces

    /// `?`, which the AWS day fields use for "no restriction"; the caller checked that exactly one day field has it.
    private func isAnyMarker() throws(ScheduleExpressionError) -> Bool {
        guard field.text.contains("?") else { return false }
        guard dialect == .aws else {
            throw failure(.syntax, "'?' is AWS cron syntax; use * in the 5-field form", column: field.column)
        }
        guard field.text == "?" else {
            throw failure(.syntax, "'?' must stand alone in its field", column: field.column)
        }
        return true
    }

    private func requireAWS(_ element: Element, feature: String) throws(ScheduleExpressionError) {
        guard dialect == .aws else {
            throw failure(
                .syntax, "\(feature) is AWS cron syntax; use the 6-field form cron(M H DoM Mon DoW Y)",
                column: element.column)
        }
    }

    private func elements() throws(ScheduleExpressionError) -> [Element] {
        var result: [Element] = []
        var column = field.column
        for text in field.text.split(separator: ",", omittingEmptySubsequences: false) {
            guard !text.isEmpty else { throw failure(.syntax, "empty entry in the list", column: column) }
            result.append(Element(text: text, column: column))
            column += text.count + 1
        }
        return result
    }

    /// `*`, `*/n`, `a`, `a-b`, `a-b/n` or `a/n` (from a to the field's maximum).
    private func steppedRange(_ element: Element) throws(ScheduleExpressionError) -> Stepped {
        let parts = element.text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let base = parts[0]
        var range: Stepped
        if base == "*" {
            range = Stepped(lower: spec.bounds.lowerBound, upper: spec.bounds.upperBound, step: 1)
        } else if let dash = base.firstIndex(of: "-") {
            let lowerText = base[..<dash]
            let upperText = base[base.index(after: dash)...]
            let lower = try value(Element(text: lowerText, column: element.column))
            let upper = try value(Element(text: upperText, column: element.column + lowerText.count + 1))
            guard lower <= upper else {
                throw failure(
                    .syntax, "range \(base) runs backwards; list the two parts instead, e.g. \(lower)-\(spec.bounds.upperBound),\(spec.bounds.lowerBound)-\(upper)",
                    column: element.column)
            }
            range = Stepped(lower: lower, upper: upper, step: 1)
        } else {
            let single = try value(Element(text: base, column: element.column))
            range = Stepped(lower: single, upper: parts.count == 2 ? spec.bounds.upperBound : single, step: 1)
        }
        if parts.count == 2 {
            let stepText = parts[1]
            let stepColumn = element.column + base.count + 1
            guard let step = Int(stepText), step >= 1 else {
                throw failure(.syntax, "step '\(stepText)' must be a whole number of at least 1", column: stepColumn)
            }
            let span = spec.bounds.upperBound - spec.bounds.lowerBound + 1
            guard step <= span else {
                throw failure(
                    .valueOutOfRange, "step \(step) is larger than the field's range \(rangeText)", column: stepColumn)
            }
            range.step = step
        }
        return range
    }

    /// A number or a name of this field, checked against its bounds.
    private func value(_ element: Element) throws(ScheduleExpressionError) -> Int {
        let text = element.text
        if let number = Int(text), !text.hasPrefix("+"), !text.hasPrefix("-") {
            guard spec.bounds.contains(number) else {
                throw failure(.valueOutOfRange, "\(number) is out of range \(rangeText)", column: element.column)
            }
            return number
        }
        if let index = spec.names.firstIndex(of: text.uppercased()) {
            return spec.namesStart + index
        }
        if text.isEmpty {
            throw failure(.syntax, "a value is missing in '\(field.text)'", column: element.column)
        }
        let expected = spec.names.isEmpty ? "a number" : "a number or a name \(spec.names.first!)-\(spec.names.last!)"
        throw failure(.syntax, "'\(text)' is not \(expected)", column: element.column)
    }

    /// A weekday as 0 = Sunday … 6 = Saturday.
    private func weekday(_ element: Element) throws(ScheduleExpressionError) -> Int {
        normalizedWeekday(try value(element))
    }

    private func normalizedWeekday(_ value: Int) -> Int {
        switch dialect {
        case .aws: value - 1
        case .unix: value % 7
        }
    }

    private var rangeText: String {
        "\(spec.bounds.lowerBound)-\(spec.bounds.upperBound)"
    }

    private func failure(
        _ code: ScheduleExpressionError.Code, _ problem: String, column: Int
    ) -> ScheduleExpressionError {
        ScheduleExpressionError(
            code, expression: expression, message: "cron field \(spec.number) (\(spec.name)): \(problem)",
            column: column)
    }
}
