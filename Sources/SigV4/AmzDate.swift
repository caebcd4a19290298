import Foundation

/// A signing time in the `X-Amz-Date` form `YYYYMMDD'T'HHMMSS'Z'` (UTC), e.g. `20150830T123600Z`.
///
/// Formatting is done with integer arithmetic: it runs once per signature, and the Foundation
/// formatters are both slower and, for `ISO8601DateFormatter`, not `Sendable`.
public struct AmzDate: Sendable, Hashable, CustomStringConvertible {
    /// The `X-Amz-Date` text.
    public let text: String

    /// The form `text` must have, for error messages.
    public static let format = "YYYYMMDDTHHMMSSZ (UTC), e.g. 20150830T123600Z"

    /// The time `date`, truncated to the second.
    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = Self.floorDivide(seconds, 86_400)
        let (year, month, day) = Self.civilDate(fromDaysSinceEpoch: days)
        var bytes = [UInt8](repeating: UInt8(ascii: "0"), count: 16)
        Self.writeDigits(year, count: 4, at: 0, in: &bytes)
        Self.writeDigits(month, count: 2, at: 4, in: &bytes)
        Self.writeDigits(day, count: 2, at: 6, in: &bytes)
        bytes[8] = UInt8(ascii: "T")
        Self.writeDigits(secondOfDay / 3600, count: 2, at: 9, in: &bytes)
        Self.writeDigits(secondOfDay / 60 % 60, count: 2, at: 11, in: &bytes)
        Self.writeDigits(secondOfDay % 60, count: 2, at: 13, in: &bytes)
        bytes[15] = UInt8(ascii: "Z")
        text = String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an `X-Amz-Date` value.
    /// - Throws: ``SigV4Error`` with code ``SigV4Error/Code/invalidDate`` unless `text` is a real
    ///   UTC time of the form `20150830T123600Z`.
    public init(parsing text: String) throws {
        guard let date = Self.date(from: text), AmzDate(date).text == text else {
            throw SigV4Error.invalidDate(text, expected: Self.format)
        }
        self.text = text
    }

    /// Takes a value as it is; the signer signs whatever `X-Amz-Date` a request already carries.
    init(unchecked text: String) {
        self.text = text
    }

    /// The `YYYYMMDD` date of the credential scope.
    public var scopeDate: String { String(text.prefix(8)) }

    /// The time this value stands for, if it is well formed.
    public var date: Date? { Self.date(from: text) }

    /// The same as ``text``.
    public var description: String { text }

    private static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : (value - divisor + 1) / divisor
        return (quotient, value - quotient * divisor)
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (eras of 400 years, March-based
    /// years so that the leap day is the last day of a year).
    private static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// The inverse of ``civilDate(fromDaysSinceEpoch:)``.
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400).quotient
        let yearOfEra = marchYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Writes the last `count` decimal digits of `value` (non-negative) at `offset`.
    private static func writeDigits(_ value: Int64, count: Int, at offset: Int, in bytes: inout [UInt8]) {
        var rest = value
        for index in stride(from: offset + count - 1, through: offset, by: -1) {
            bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
    }
}
