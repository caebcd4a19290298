/// A parsed cron expression: the sets of wall-clock times it matches.
struct CronPattern: Sendable {
    /// Bits 0…59.
    var minutes: UInt64
    /// Bits 0…23.
    var hours: UInt64
    /// Bits 1…31; nil: the day-of-month field does not restrict days (`*` or `?`).
    var dayOfMonth: DayOfMonthRule?
    /// Nil: the day-of-week field does not restrict days (`*` or `?`).
    var dayOfWeek: DayOfWeekRule?
    /// Unix cron's rule: when both day fields restrict, a day matching either one matches.
    var daysMatchEither: Bool
    /// Bits 1…12.
    var months: UInt64
    /// Sorted allowed years; nil: every year.
    var years: [Int]?

    /// Bits 1…31 of the days of `month` in `year` that the day fields match.
    func days(year: Int, month: Int) -> UInt64 {
        let length = CivilCalendar.daysInMonth(year: year, month: month)
        let firstWeekday = CivilCalendar.weekday(dayNumber: CivilCalendar.dayNumber(year: year, month: month, day: 1))
        let byMonthDay = dayOfMonth?.days(length: length, firstWeekday: firstWeekday)
        let byWeekday = dayOfWeek?.days(length: length, firstWeekday: firstWeekday)
        switch (byMonthDay, byWeekday) {
        case (nil, nil): return CronBits.range(1, length)
        case (let days?, nil), (nil, let days?): return days
        case (let monthDays?, let weekdays?): return daysMatchEither ? monthDays | weekdays : monthDays & weekdays
        }
    }

    func firstYear(atOrAfter year: Int) -> Int? {
        guard let years else { return year }
        return years.first { $0 >= year }
    }

    func lastYear(atOrBefore year: Int) -> Int? {
        guard let years else { return year }
        return years.last { $0 <= year }
    }
}

extension CronPattern: WallClockPattern {
    var followsElapsedTime: Bool { hours == CronBits.range(0, 23) }

    var yearBounds: ClosedRange<Int>? {
        guard let first = years?.first, let last = years?.last else { return nil }
        return first...last
    }

    // Field-wise search: find the first allowed year, then month, day, hour and minute, resetting the
    // smaller fields to their minimum whenever a larger one moves forward.
    func firstMatch(atOrAfter local: Int, before limit: Int?, yearLimit: Int) -> Int? {
        let start = LocalDateTime(localSeconds: CivilCalendar.floorDivide(local + 59, 60) * 60)
        var cursor = start
        var year = start.year
        while let matchingYear = firstYear(atOrAfter: year), matchingYear <= yearLimit {
            if matchingYear != year { cursor = LocalDateTime(year: matchingYear, month: 1, day: 1) }
            year = matchingYear
            while let month = CronBits.first(in: months, atOrAbove: cursor.month) {
                if month != cursor.month { cursor = LocalDateTime(year: year, month: month, day: 1) }
                let dayMask = days(year: year, month: month)
                while let day = CronBits.first(in: dayMask, atOrAbove: cursor.day) {
                    if day != cursor.day { cursor = LocalDateTime(year: year, month: month, day: day) }
                    let dayStart = CivilCalendar.dayNumber(year: year, month: month, day: day) * CivilCalendar.secondsPerDay
                    if let limit, dayStart >= limit { return nil }
                    if let time = firstTime(atOrAfter: cursor.hour, cursor.minute) {
                        let match = dayStart + time
                        if let limit, match >= limit { return nil }
                        return match
                    }
                    cursor = LocalDateTime(year: year, month: month, day: day + 1)
                }
                if month == 12 { break }
                cursor = LocalDateTime(year: year, month: month + 1, day: 1)
                if let limit, cursor.localSeconds >= limit { return nil }
            }
            year += 1
            cursor = LocalDateTime(year: year, month: 1, day: 1)
            if let limit, cursor.localSeconds >= limit { return nil }
        }
        return nil
    }

    func lastMatch(atOrBefore local: Int, notBefore limit: Int?, yearFloor: Int) -> Int? {
        let start = LocalDateTime(localSeconds: CivilCalendar.floorDivide(local, 60) * 60)
        var cursor = start
        var year = start.year
        while let matchingYear = lastYear(atOrBefore: year), matchingYear >= yearFloor {
            if matchingYear != year { cursor = Self.lastMinute(year: matchingYear, month: 12, day: 31) }
            year = matchingYear
            while let month = CronBits.last(in: months, atOrBelow: cursor.month) {
                if month != cursor.month {
                    cursor = Self.lastMinute(year: year, month: month, day: CivilCalendar.daysInMonth(year: year, month: month))
                }
                let dayMask = days(year: year, month: month)
                while let day = CronBits.last(in: dayMask, atOrBelow: cursor.day) {
                    if day != cursor.day { cursor = Self.lastMinute(year: year, month: month, day: day) }
                    let dayStart = CivilCalendar.dayNumber(year: year, month: month, day: day) * CivilCalendar.secondsPerDay
                    if let limit, dayStart + CivilCalendar.secondsPerDay <= limit { return nil }
                    if let time = lastTime(atOrBefore: cursor.hour, cursor.minute) {
                        let match = dayStart + time
                        if let limit, match < limit { return nil }
                        return match
                    }
                    if day == 1 { break }
                    cursor = Self.lastMinute(year: year, month: month, day: day - 1)
                }
                if month == 1 { break }
                let previousMonth = month - 1
                cursor = Self.lastMinute(
                    year: year, month: previousMonth, day: CivilCalendar.daysInMonth(year: year, month: previousMonth))
                if let limit, cursor.localSeconds + 60 <= limit { return nil }
            }
            year -= 1
            cursor = Self.lastMinute(year: year, month: 12, day: 31)
            if let limit, cursor.localSeconds + 60 <= limit { return nil }
        }
        return nil
    }

    /// Seconds into the day of the first matching hour and minute at or after `hour:minute`.
    private func firstTime(atOrAfter hour: Int, _ minute: Int) -> Int? {
        var fromMinute = minute
        var fromHour = hour
        while let matchingHour = CronBits.first(in: hours, atOrAbove: fromHour) {
            if matchingHour != fromHour { fromMinute = 0 }
            if let matchingMinute = CronBits.first(in: minutes, atOrAbove: fromMinute) {
                return matchingHour * 3_600 + matchingMinute * 60
            }
            fromHour = matchingHour + 1
            fromMinute = 0
        }
        return nil
    }

    /// Seconds into the day of the last matching hour and minute at or before `hour:minute`.
    private func lastTime(atOrBefore hour: Int, _ minute: Int) -> Int? {
        var fromMinute = minute
        var fromHour = hour
        while let matchingHour = CronBits.last(in: hours, atOrBelow: fromHour) {
            if matchingHour != fromHour { fromMinute = 59 }
            if let matchingMinute = CronBits.last(in: minutes, atOrBelow: fromMinute) {
                return matchingHour * 3_600 + matchingMinute * 60
            }
            fromHour = matchingHour - 1
            fromMinute = 59
        }
        return nil
    }

    private static func lastMinute(year: Int, month: Int, day: Int) -> LocalDateTime {
        LocalDateTime(year: year, month: month, day: day, hour: 23, minute: 59)
    }
}
