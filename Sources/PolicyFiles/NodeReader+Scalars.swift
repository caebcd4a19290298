import Foundation
import Yams

/// Which real numbers a key accepts.
enum NumberRange {
    /// x > 0
    case positive
    /// x ≥ 0
    case nonNegative
    /// 0 ≤ x < 1
    case fraction
    /// 0 < x ≤ 1
    case unitInterval

    func contains(_ value: Double) -> Bool {
        switch self {
        case .positive: value > 0
        case .nonNegative: value >= 0
        case .fraction: value >= 0 && value < 1
        case .unitInterval: value > 0 && value <= 1
        }
    }

    var requirement: String {
        switch self {
        case .positive: "greater than 0"
        case .nonNegative: "0 or more"
        case .fraction: "at least 0 and less than 1"
        case .unitInterval: "greater than 0 and at most 1"
        }
    }
}

extension NodeReader {
    // MARK: Whole numbers

    /// The value of `key` as a whole number in `range`.
    mutating func integer(_ key: String, in map: YAMLMapping, range: ClosedRange<Int>) -> Int? {
        guard let entry = map[key] else { return nil }
        guard let value = wholeNumber(entry) else { return nil }
        return checked(value, range, entry)
    }

    /// The value of `key` in seconds: a whole number, or a duration such as `90s`, `15m`, `11h`, `1d`.
    mutating func seconds(_ key: String, in map: YAMLMapping, range: ClosedRange<Int>) -> Int? {
        guard let entry = map[key] else { return nil }
        if let scalar = entry.value.scalar, let unit = Self.durationUnit(scalar.string) {
            let digits = scalar.string.dropLast()
            guard let count = Int(digits) else {
                report(.numberTooLarge, at: entry.valuePosition, "\(entry.path) is too large (found \(scalar.string))")
                return nil
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: unit)
            guard !overflow else {
                report(.numberTooLarge, at: entry.valuePosition, "\(entry.path) is too large (found \(scalar.string))")
                return nil
            }
            return checked(product, range, entry)
        }
        if entry.value.scalar?.style == .plain, entry.value.tag.description == Tag.Name.int.rawValue {
            guard let value = wholeNumber(entry) else { return nil }
            return checked(value, range, entry)
        }
        report(
            .wrongType, at: entry.valuePosition,
            "\(entry.path) must be a number of seconds or a duration such as 90s, 15m, 11h or 1d (found \(Self.describe(entry.value)))")
        return nil
    }

    /// Seconds per unit of a duration like `15m`, or `nil` when `text` is not one.
    private static func durationUnit(_ text: String) -> Int? {
        guard let last = text.last, text.count >= 2, text.dropLast().allSatisfy(\.isASCIIDigit) else { return nil }
        switch last {
        case "s": return 1
        case "m": return 60
        case "h": return 3600
        case "d": return 86_400
        default: return nil
        }
    }

    private mutating func wholeNumber(_ entry: YAMLMapping.Entry) -> Int? {
        let node = entry.value
        guard let scalar = node.scalar, scalar.style == .plain, node.tag.description == Tag.Name.int.rawValue else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be a whole number (found \(Self.describe(node)))")
            return nil
        }
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !unsigned.isEmpty, unsigned.allSatisfy(\.isASCIIDigit), unsigned == "0" || !unsigned.hasPrefix("0") else {
            // YAML 1.1 also reads 0x1F, 0o17, 017 and 1:30 as integers; nobody means those here.
            report(.invalidValue, at: entry.valuePosition, "\(entry.path) must be written as a plain decimal number (found \(scalar.string))")
            return nil
        }
        guard let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) else {
            report(.numberTooLarge, at: entry.valuePosition, "\(entry.path) is too large (found \(scalar.string))")
            return nil
        }
        return value
    }

    private mutating func checked(_ value: Int, _ range: ClosedRange<Int>, _ entry: YAMLMapping.Entry) -> Int? {
        if value < range.lowerBound {
            let rule = range.lowerBound == 0 ? "must not be negative" : "must be at least \(range.lowerBound)"
            report(.outOfRange, at: entry.valuePosition, "\(entry.path) \(rule) (found \(value))")
            return nil
        }
        if value > range.upperBound {
            report(.outOfRange, at: entry.valuePosition, "\(entry.path) must be at most \(range.upperBound) (found \(value))")
            return nil
        }
        return value
    }

    // MARK: Real numbers

    /// The value of `key` as a finite number in `range`.
    mutating func number(_ key: String, in map: YAMLMapping, range: NumberRange) -> Double? {
        guard let entry = map[key] else { return nil }
        let node = entry.value
        let tag = node.tag.description
        guard let scalar = node.scalar, scalar.style == .plain, tag == Tag.Name.int.rawValue || tag == Tag.Name.float.rawValue,
            let value = Double(scalar.string.replacingOccurrences(of: "_", with: "")) ?? node.float
        else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be a number (found \(Self.describe(node)))")
            return nil
        }
        guard value.isFinite else {
            report(.outOfRange, at: entry.valuePosition, "\(entry.path) must be a finite number (found \(scalar.string))")
            return nil
        }
        guard range.contains(value) else {
            report(.outOfRange, at: entry.valuePosition, "\(entry.path) must be \(range.requirement) (found \(scalar.string))")
            return nil
        }
        return value
    }

    // MARK: Booleans and text

    /// The value of `key` as `true` or `false`.
    mutating func boolean(_ key: String, in map: YAMLMapping) -> Bool? {
        guard let entry = map[key] else { return nil }
        guard entry.value.scalar?.style == .plain, entry.value.tag.description == Tag.Name.bool.rawValue,
            let value = entry.value.bool
        else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be true or false (found \(Self.describe(entry.value)))")
            return nil
        }
        return value
    }

    /// The value of `key` as non-empty, single-line text. Numbers and other plain scalars are
    /// taken as written (`ServiceName: 2024` is the text `2024`).
    mutating func text(_ key: String, in map: YAMLMapping) -> String? {
        guard let entry = map[key] else { return nil }
        return text(entry)
    }

    mutating func text(_ entry: YAMLMapping.Entry, multiline: Bool = false) -> String? {
        let node = entry.value
        guard let scalar = node.scalar, node.tag.description != Tag.Name.null.rawValue else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be text (found \(Self.describe(node)))")
            return nil
        }
        let text = scalar.string
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(.invalidValue, at: entry.valuePosition, "\(entry.path) must not be empty")
            return nil
        }
        guard multiline || !text.contains(where: \.isNewline) else {
            report(.invalidValue, at: entry.valuePosition, "\(entry.path) must be a single line")
            return nil
        }
        return text
    }

    /// The value of `key` as one of `choices`, matched exactly.
    mutating func choice<Value>(_ key: String, in map: YAMLMapping, _ choices: KeyValuePairs<String, Value>) -> Value? {
        guard let entry = map[key], let text = text(entry) else { return nil }
        if let match = choices.first(where: { $0.key == text }) { return match.value }
        let names = choices.map(\.key)
        let hint = KeySuggestion.closest(to: text, among: names).map { "; did you mean '\($0)'?" } ?? ""
        report(
            .invalidValue, at: entry.valuePosition,
            "\(entry.path) must be one of \(names.joined(separator: ", ")) (found '\(text)')\(hint)")
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
