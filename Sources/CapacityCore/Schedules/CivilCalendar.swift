/// Proleptic Gregorian date arithmetic on plain integers.
///
/// Schedules search wall-clock time field by field; doing the calendar arithmetic on integers keeps
/// that search free of `Calendar` allocations and of Foundation's own (unspecified) handling of
/// nonexistent and repeated local times, which ``WallClockFiring`` decides explicitly instead.
/// Days count from 1970-01-01; "local seconds" are seconds since 1970-01-01T00:00 on a wall clock.
enum CivilCalendar {
    static let secondsPerDay = 86_400
    static let secondsPerHour = 3_600
    static let secondsPerMinute = 60

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a valid Gregorian date.
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        // Count years from March so the leap day is the last day of the counted year;
        // 400-year eras of 146 097 days make the leap rules exact.
        let marchYear = month <= 2 ? year - 1 : year
        let era = floorDivide(marchYear, 400)
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The Gregorian date of a day number (inverse of ``dayNumber(year:month:day:)``).
    static func date(dayNumber: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = dayNumber + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// 0 = Sunday … 6 = Saturday. Day 0 (1970-01-01) was a Thursday.
    static func weekday(dayNumber: Int) -> Int {
        floorModulo(dayNumber + 4, 7)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    static func floorModulo(_ value: Int, _ divisor: Int) -> Int {
        value - floorDivide(value, divisor) * divisor
    }
}

/// A wall-clock date and time, without a time zone.
struct LocalDateTime: Hashable, Sendable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    init(localSeconds: Int) {
        let dayNumber = CivilCalendar.floorDivide(localSeconds, CivilCalendar.secondsPerDay)
        let secondOfDay = localSeconds - dayNumber * CivilCalendar.secondsPerDay
        let date = CivilCalendar.date(dayNumber: dayNumber)
        self.init(
            year: date.year, month: date.month, day: date.day,
            hour: secondOfDay / 3_600, minute: secondOfDay % 3_600 / 60, second: secondOfDay % 60
        )
    }

    var localSeconds: Int {
        CivilCalendar.dayNumber(year: year, month: month, day: day) * CivilCalendar.secondsPerDay
            + hour * 3_600 + minute * 60 + second
    }
}
