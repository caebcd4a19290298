/// The day-of-month field of a cron expression: plain days plus the AWS specials `L`, `LW` and `nW`.
struct DayOfMonthRule: Sendable {
    /// Bits 1…31.
    var days: UInt64 = 0
    /// `L`: the last day of the month.
    var lastDay = false
    /// `LW`: the last weekday (Monday–Friday) of the month.
    var lastWeekday = false
    /// `nW`, bits 1…31: the weekday nearest to day n, without leaving the month.
    var nearestWeekday: UInt64 = 0

    /// Bits 1…31 of the matching days in a month of `length` days whose first day has weekday `firstWeekday`.
    func days(length: Int, firstWeekday: Int) -> UInt64 {
        var mask = days & CronBits.range(1, length)
        if lastDay { mask |= 1 << UInt64(length) }
        if lastWeekday {
            var day = length
            while !Self.isWeekday(day, firstWeekday: firstWeekday) { day -= 1 }
            mask |= 1 << UInt64(day)
        }
        var nearest = nearestWeekday & CronBits.range(1, length)
        while nearest != 0 {
            let day = nearest.trailingZeroBitCount
            nearest &= nearest - 1
            mask |= 1 << UInt64(Self.weekdayNearest(to: day, length: length, firstWeekday: firstWeekday))
        }
        return mask
    }

    private static func weekday(of day: Int, firstWeekday: Int) -> Int {
        (firstWeekday + day - 1) % 7
    }

    private static func isWeekday(_ day: Int, firstWeekday: Int) -> Bool {
        (1...5).contains(weekday(of: day, firstWeekday: firstWeekday))
    }

    /// Saturday moves to Friday and Sunday to Monday, unless that leaves the month: then the 1st on a
    /// Saturday moves to Monday the 3rd and a last day on a Sunday to Friday (Quartz's documented rule).
    private static func weekdayNearest(to day: Int, length: Int, firstWeekday: Int) -> Int {
        switch weekday(of: day, firstWeekday: firstWeekday) {
        case 6: day == 1 ? 3 : day - 1
        case 0: day == length ? day - 2 : day + 1
        default: day
        }
    }
}

/// The day-of-week field of a cron expression, with weekdays normalised to 0 = Sunday … 6 = Saturday,
/// plus the AWS specials `nL` (last such weekday of the month) and `n#k` (k-th such weekday).
struct DayOfWeekRule: Sendable {
    /// Bits 0…6.
    var weekdays: UInt64 = 0
    /// `nL`, bits 0…6.
    var lastInMonth: UInt64 = 0
    /// `n#k`, bit `weekday * 5 + (k - 1)`.
    var nthInMonth: UInt64 = 0

    func days(length: Int, firstWeekday: Int) -> UInt64 {
        var mask: UInt64 = 0
        for day in 1...length {
            let weekday = (firstWeekday + day - 1) % 7
            let weekdayBit: UInt64 = 1 << UInt64(weekday)
            let occurrence = (day - 1) / 7
            if weekdays & weekdayBit != 0
                || nthInMonth & (1 << UInt64(weekday * 5 + occurrence)) != 0
                || (lastInMonth & weekdayBit != 0 && day + 7 > length)
            {
                mask |= 1 << UInt64(day)
            }
        }
        return mask
    }
}

/// Bit-set helpers for cron fields (bit n set = value n allowed).
enum CronBits {
    /// Bits `lower...upper`.
    static func range(_ lower: Int, _ upper: Int) -> UInt64 {
        guard upper >= lower else { return 0 }
        let width = upper - lower + 1
        let ones: UInt64 = width >= 64 ? ~0 : (1 << UInt64(width)) - 1
        return ones << UInt64(lower)
    }

    /// The smallest set bit `>= value`, if any.
    static func first(in bits: UInt64, atOrAbove value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = bits & (~0 << UInt64(max(value, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    /// The largest set bit `<= value`, if any.
    static func last(in bits: UInt64, atOrBelow value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let remaining = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
        return remaining == 0 ? nil : 63 - remaining.leadingZeroBitCount
    }
}
