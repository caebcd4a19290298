/// ISO-8601 UTC timestamps (`YYYY-MM-DDTHH:MM:SSZ`) to and from Unix seconds, without a
/// formatter: the trace reader parses hundreds of thousands of them per file.
enum UTCTimestamp {
    /// Unix seconds of a `YYYY-MM-DDTHH:MM:SSZ` (or `+00:00`) timestamp, or why it is not one.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, ParseFailure> {
        // 2026-01-05T00:00:00Z
        // 0123456789012345678901
        let n = bytes.count
        guard n >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return .failure(.notTimestamp) }
        guard let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
            let hour = digits(bytes, 11, 2), let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2)
        else { return .failure(.notTimestamp) }

        var zoneStart = 19
        if n > 19, bytes[19] == UInt8(ascii: ".") { return .failure(.fractionalSeconds) }
        let zone = n - zoneStart
        if zone == 1, bytes[zoneStart] == UInt8(ascii: "Z") || bytes[zoneStart] == UInt8(ascii: "z") {
            // UTC.
        } else if zone == 6, bytes[zoneStart] == UInt8(ascii: "+") || bytes[zoneStart] == UInt8(ascii: "-") {
            zoneStart += 1
            guard digits(bytes, zoneStart, 2) == 0, bytes[zoneStart + 2] == UInt8(ascii: ":"), digits(bytes, zoneStart + 3, 2) == 0 else {
                return .failure(.notUTC)
            }
        } else {
            return .failure(zone == 0 ? .notUTC : .notTimestamp)
        }

        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month), hour < 24, minute < 60, second < 60 else {
            return .failure(.outOfRange)
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        return .success(days * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }

    enum ParseFailure: Error {
        case notTimestamp
        case fractionalSeconds
        case notUTC
        case outOfRange
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for Unix seconds.
    static func format(_ seconds: Int64) -> String {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (year, month, day) = civilFromDays(days)
        let hour = Int(rest / 3600), minute = Int(rest / 60 % 60), second = Int(rest % 60)
        var text = ""
        text.reserveCapacity(20)
        text += pad(Int(year), 4)
        text += "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) + "Z"
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func digits(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
        var value = 0
        for i in start..<(start + count) {
            let digit = Int(bytes[i]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date. Years are shifted to start in March
    /// so the leap day is the last day of the shifted year; eras are 400-year cycles.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysFromCivil(year:month:day:)``.
    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
