extension ScheduleExpression {
    /// Parses `cron(...)` (6-field AWS or 5-field Unix), `rate(...)`, `at(...)` or a bare 5-field cron expression.
    ///
    /// - Parameter text: The expression; surrounding whitespace is ignored.
    /// - Throws: ``ScheduleExpressionError`` naming the field, the column and the problem, including a
    ///   cron expression that matches no date at all (such as `cron(0 0 30 FEB ? *)`).
    public static func parse(_ text: String) throws(ScheduleExpressionError) -> ScheduleExpression {
        let characters = Substring(text)
        let leading = characters.prefix { $0.isWhitespace }.count
        let trimmed = characters.dropFirst(leading).reversed().drop { $0.isWhitespace }.reversed()
        let body = Substring(String(trimmed))
        // Column of body[0] in `text`, 1-based.
        let bodyColumn = leading + 1

        if let inner = try Self.arguments(of: body, function: "cron", column: bodyColumn, expression: text) {
            return try parseCron(inner, column: bodyColumn + 5, expression: text, requireFiveFields: false)
        }
        if let inner = try Self.arguments(of: body, function: "rate", column: bodyColumn, expression: text) {
            let interval = try RateInterval.parse(inner, column: bodyColumn + 5, expression: text)
            return ScheduleExpression(form: .rate(interval), description: interval.text)
        }
        if let inner = try Self.arguments(of: body, function: "at", column: bodyColumn, expression: text) {
            let time = try OneOffTime.parse(inner, column: bodyColumn + 3, expression: text)
            return ScheduleExpression(form: .at(time), description: "at(\(inner))")
        }
        return try parseCron(body, column: bodyColumn, expression: text, requireFiveFields: true)
    }

    /// The text inside `function(...)`, or nil when `body` does not start with `function(`.
    private static func arguments(
        of body: Substring, function: String, column: Int, expression: String
    ) throws(ScheduleExpressionError) -> Substring? {
        let opening = function + "("
        guard body.lowercased().hasPrefix(opening) else { return nil }
        guard body.hasSuffix(")") else {
            throw ScheduleExpressionError(
                .syntax, expression: expression, message: "\(function)(...) is missing its closing parenthesis",
                column: column + body.count)
        }
        return body.dropFirst(opening.count).dropLast()
    }

    private static func parseCron(
        _ inner: Substring, column: Int, expression: String, requireFiveFields: Bool
    ) throws(ScheduleExpressionError) -> ScheduleExpression {
        var fields: [CronPattern.FieldText] = []
        var offset = 0
        var current: Substring.Index?
        var currentColumn = 0
        for index in inner.indices {
            if inner[index].isWhitespace {
                if let start = current {
                    fields.append(CronPattern.FieldText(text: inner[start..<index], column: currentColumn))
                    current = nil
                }
            } else if current == nil {
                current = index
                currentColumn = column + offset
            }
            offset += 1
        }
        if let start = current {
            fields.append(CronPattern.FieldText(text: inner[start...], column: currentColumn))
        }

        if requireFiveFields, fields.count != 5 {
            throw ScheduleExpressionError(
                .unrecognizedForm, expression: expression,
                message: "expected cron(...), rate(...), at(...) or a 5-field cron expression, got '\(expression)'",
                column: column)
        }
        let dialect: CronPattern.Dialect
        switch fields.count {
        case 6: dialect = .aws
        case 5: dialect = .unix
        default:
            throw ScheduleExpressionError(
                .fieldCount, expression: expression,
                message: "cron(...) has \(fields.count) field\(fields.count == 1 ? "" : "s"); expected 6 "
                    + "(AWS: minute hour day-of-month month day-of-week year) or 5 "
                    + "(Unix: minute hour day-of-month month day-of-week)",
                column: column)
        }
        let pattern = try CronPattern.parse(fields, dialect: dialect, expression: expression)
        let normalized = fields.map { $0.text.uppercased() }.joined(separator: " ")
        return ScheduleExpression(form: .cron(pattern, dialect), description: "cron(\(normalized))")
    }
}
