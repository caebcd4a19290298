import Foundation

/// The period of a `rate(value unit)` expression.
struct RateInterval: Sendable {
    enum Unit: String, Sendable, CaseIterable {
        case minute, hour, day

        var seconds: Int {
            switch self {
            case .minute: 60
            case .hour: 3_600
            case .day: 86_400
            }
        }
    }

    var value: Int
    var unit: Unit

    var seconds: Int { value * unit.seconds }

    /// Periods above a century are almost certainly typos, and keep the arithmetic far from overflow.
    static let longestPeriod = 100 * 366 * 86_400

    /// Parses the text between the parentheses, following AWS: a whole number of at least 1, then the
    /// singular unit for 1 and the plural unit for anything larger.
    static func parse(
        _ text: Substring, column: Int, expression: String
    ) throws(ScheduleExpressionError) -> RateInterval {
        func failure(_ problem: String, at offset: Int = 0) -> ScheduleExpressionError {
            ScheduleExpressionError(.invalidRate, expression: expression, message: "rate(): \(problem)", column: column + offset)
        }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2 else {
            throw failure("expected a number and a unit, as in rate(5 minutes), got '\(text)'")
        }
        let valueText = words[0]
        let unitText = words[1]
        let unitOffset = text.distance(from: text.startIndex, to: unitText.startIndex)
        guard let value = Int(valueText), value >= 1, valueText.allSatisfy(\.isNumber) else {
            throw failure("value '\(valueText)' must be a whole number of at least 1",
                          at: text.distance(from: text.startIndex, to: valueText.startIndex))
        }
        let singular = unitText.hasSuffix("s") ? String(unitText.dropLast()) : String(unitText)
        guard let unit = Unit(rawValue: singular) else {
            throw failure("unit '\(unitText)' must be minute(s), hour(s) or day(s)", at: unitOffset)
        }
        let isPlural = unitText.hasSuffix("s")
        if value == 1, isPlural {
            throw failure("with 1 the unit is singular: rate(1 \(unit.rawValue))", at: unitOffset)
        }
        if value > 1, !isPlural {
            throw failure("with \(value) the unit is plural: rate(\(value) \(unit.rawValue)s)", at: unitOffset)
        }
        guard value <= longestPeriod / unit.seconds else {
            throw failure("\(value) \(unitText) is longer than 100 years")
        }
        return RateInterval(value: value, unit: unit)
    }

    var text: String { "rate(\(value) \(unit.rawValue)\(value == 1 ? "" : "s"))" }

    /// The first instant `anchor + k·period` (k any integer) strictly after `date`.
    func next(after date: Date, anchor: Date) -> Date {
        let period = TimeInterval(seconds)
        var steps = ((date.timeIntervalSince(anchor)) / period).rounded(.down) + 1
        var fire = anchor.addingTimeInterval(steps * period)
        // Floating-point division can land one period off near a boundary; correct it exactly.
        if fire <= date { steps += 1; fire = anchor.addingTimeInterval(steps * period) }
        let earlier = anchor.addingTimeInterval((steps - 1) * period)
        return earlier > date ? earlier : fire
    }

    /// The last instant `anchor + k·period` at or before `date`.
    func previous(atOrBefore date: Date, anchor: Date) -> Date {
        let period = TimeInterval(seconds)
        var steps = (date.timeIntervalSince(anchor) / period).rounded(.down)
        var fire = anchor.addingTimeInterval(steps * period)
        if fire > date { steps -= 1; fire = anchor.addingTimeInterval(steps * period) }
        let later = anchor.addingTimeInterval((steps + 1) * period)
        return later <= date ? later : fire
    }
}
