/// The wall-clock time of an `at(yyyy-mm-ddThh:mm:ss)` expression.
struct OneOffTime: Sendable {
    var time: LocalDateTime
    var localSeconds: Int

    /// Parses the text between the parentheses; `column` is where it starts in the expression.
    static func parse(
        _ text: Substring, column: Int, expression: String
    ) throws(ScheduleExpressionError) -> OneOffTime {
        func failure(_ problem: String, at offset: Int = 0) -> ScheduleExpressionError {
            ScheduleExpressionError(.invalidDate, expression: expression, message: "at(): \(problem)", column: column + offset)
        }
        let characters = Array(text)
        let layout = Array("yyyy-mm-ddThh:mm:ss")
        guard characters.count == layout.count else {
            throw failure("'\(text)' is not a local date and time of the form yyyy-mm-ddThh:mm:ss")
        }
        for (offset, expected) in layout.enumerated() where !expected.isLetter || expected == "T" {
            guard characters[offset] == expected else {
                throw failure("expected '\(expected)' in '\(text)' (form yyyy-mm-ddThh:mm:ss)", at: offset)
            }
        }
        func number(_ offset: Int, _ length: Int, _ name: String, _ bounds: ClosedRange<Int>) throws(ScheduleExpressionError) -> Int {
            let digits = characters[offset..<(offset + length)]
            guard digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber), let value = Int(String(digits)) else {
                throw failure("\(name) '\(String(digits))' is not a number", at: offset)
            }
            guard bounds.contains(value) else {
                throw failure("\(name) \(value) is out of range \(bounds.lowerBound)-\(bounds.upperBound)", at: offset)
            }
            return value
        }
        let year = try number(0, 4, "year", 1970...9999)
        let month = try number(5, 2, "month", 1...12)
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        let day = try number(8, 2, "day", 1...31)
        guard day <= length else {
            throw failure("day \(day) does not exist in \(text.prefix(7)) (it has \(length) days)", at: 8)
        }
        let time = LocalDateTime(
            year: year, month: month, day: day,
            hour: try number(11, 2, "hour", 0...23),
            minute: try number(14, 2, "minute", 0...59),
            second: try number(17, 2, "second", 0...59))
        return OneOffTime(time: time, localSeconds: time.localSeconds)
    }
}

extension OneOffTime: WallClockPattern {
    var followsElapsedTime: Bool { false }
    var yearBounds: ClosedRange<Int>? { time.year...time.year }

    func firstMatch(atOrAfter local: Int, before limit: Int?, yearLimit: Int) -> Int? {
        guard localSeconds >= local, localSeconds < limit ?? Int.max else { return nil }
        return localSeconds
    }

    func lastMatch(atOrBefore local: Int, notBefore limit: Int?, yearFloor: Int) -> Int? {
        guard localSeconds <= local, localSeconds >= limit ?? Int.min else { return nil }
        return localSeconds
    }
}
