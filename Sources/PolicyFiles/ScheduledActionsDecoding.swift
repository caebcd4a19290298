import CapacityCore
import Foundation
import Yams

/// `ScheduledActions`: windows that change the bounds for a while.
///
/// CapacityCore parses the expressions (`ScheduleExpression.parse(_:)`, `validateFires`) and
/// validates the whole (`ScheduledBounds.init`); this file places each problem in the file.
extension PolicyDocumentDecoder {
    static let scheduleKeys = [
        "Name", "Schedule", "End", "Duration", "Timezone", "StartTime", "EndTime",
        "MinCapacity", "MaxCapacity", "DesiredFloor",
    ]

    /// Every scheduled action, with unique names; `nil` when any is unusable.
    mutating func scheduledActions(in top: YAMLMapping, policyMax: Int?) -> [ScheduledBounds]? {
        guard let entry = top["ScheduledActions"] else { return [] }
        guard let items = reader.sequence("ScheduledActions", in: top, limit: PolicyLimits.scheduledActions) else { return nil }
        var schedules: [ScheduledBounds] = []
        var firstUse: [String: SourcePosition] = [:]
        var complete = true
        for (index, item) in items.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let map = reader.mapping(item, path: path, name: path, keys: Self.scheduleKeys) else {
                complete = false
                continue
            }
            let nameEntry = reader.require("Name", in: map)
            let name = nameEntry.flatMap { reader.text($0) }
            if let nameEntry, let name {
                if let earlier = firstUse[name] {
                    reader.report(
                        .duplicateName, at: nameEntry.valuePosition,
                        "schedule name '\(name)' is already used at line \(earlier.line); schedule names must be unique")
                } else {
                    firstUse[name] = nameEntry.valuePosition
                }
            }
            if let schedule = scheduledAction(map, name: name, policyMax: policyMax) {
                schedules.append(schedule)
            } else {
                complete = false
            }
        }
        return complete ? schedules : nil
    }

    private mutating func scheduledAction(_ map: YAMLMapping, name: String?, policyMax: Int?) -> ScheduledBounds? {
        let zone = self.timeZone(in: map)
        let startTime = instant("StartTime", in: map)
        let endTime = instant("EndTime", in: map)
        var validity = true
        if let startTime, let endTime, startTime >= endTime, let entry = map["EndTime"] {
            reader.report(.conflictingValues, at: entry.valuePosition, "\(entry.path) must be later than StartTime")
            validity = false
        }
        // A schedule may start in the future; it only has to fire once its validity begins.
        let firing = Firing(from: startTime ?? reference, zone: zone?.zone)
        let start = reader.require("Schedule", in: map).flatMap { expression($0, firing) }
        let end = self.end(in: map, firing)
        let bounds = scheduledCapacities(in: map, policyMax: policyMax)

        guard let name, let start, let end, let zone, let bounds, validity,
            map["StartTime"] == nil || startTime != nil, map["EndTime"] == nil || endTime != nil
        else { return nil }
        do {
            return try ScheduledBounds(
                name: name, start: start, end: end, timeZone: zone.identifier, startTime: startTime, endTime: endTime,
                minCapacity: bounds.min, maxCapacity: bounds.max, desiredFloor: bounds.floor)
        } catch {
            // The checks above are ScheduledBounds' own and more; should the two ever drift apart,
            // its verdict still reaches the user, at the schedule.
            let position = error.code == .unknownTimeZone ? map["Timezone"]?.valuePosition ?? map.position : map.position
            reader.report(.invalidSchedule, at: position, "\(map.name): \(error.message)")
            return nil
        }
    }

    /// Where and in which zone a schedule's expressions must fire at least once.
    private struct Firing {
        var from: Date
        /// `nil` when the time zone is unusable (already reported): firing is then not checked.
        var zone: TimeZone?
    }

    /// A schedule expression that parses and fires at least once within 8 years of `firing.from`.
    private mutating func expression(_ entry: YAMLMapping.Entry, _ firing: Firing) -> ScheduleExpression? {
        guard let text = reader.text(entry) else { return nil }
        let expression: ScheduleExpression
        do {
            expression = try ScheduleExpression.parse(text)
        } catch {
            let what = error.code == .neverFires ? "never fires" : "is not a valid schedule expression"
            reader.report(.invalidSchedule, at: position(of: error, in: entry), "\(entry.path) \(what): \(error.message)")
            return nil
        }
        guard let zone = firing.zone else { return expression }
        do {
            try expression.validateFires(from: firing.from, in: zone)
        } catch {
            reader.report(.invalidSchedule, at: entry.valuePosition, "\(entry.path) never fires: \(error.message)")
            return nil
        }
        return expression
    }

    /// The spot inside the expression the error names, when the value is written plain (so
    /// characters of the text are columns of the line); else the value's start.
    private func position(of error: ScheduleExpressionError, in entry: YAMLMapping.Entry) -> SourcePosition {
        var position = entry.valuePosition
        if let column = error.column, column >= 1, entry.value.scalar?.style == .plain {
            position.column += column - 1
        }
        return position
    }

    /// `End` (an expression) or `Duration` (seconds, or 90m / 11h / 1d): exactly one.
    private mutating func end(in map: YAMLMapping, _ firing: Firing) -> ScheduleEnd? {
        switch (map["End"], map["Duration"]) {
        case (nil, nil):
            reader.report(.missingKey, at: map.position, "\(map.name) needs End (a schedule expression) or Duration")
            return nil
        case (.some, .some(let duration)):
            reader.report(.conflictingValues, at: duration.keyPosition, "\(map.name) may have End or Duration, not both")
            return nil
        case (.some(let end), nil):
            return expression(end, firing).map { .expression($0) }
        case (nil, .some):
            return reader.seconds("Duration", in: map, range: 1...PolicyLimits.seconds.upperBound).map { .duration(seconds: $0) }
        }
    }

    /// The IANA zone named by `Timezone` (default UTC), by the rule ScheduledBounds applies:
    /// `UTC`, `GMT` and canonical identifiers such as `Europe/Berlin` or `Etc/GMT+9`; no
    /// abbreviations (`CET` is ambiguous) and no offsets.
    private mutating func timeZone(in map: YAMLMapping) -> (identifier: String, zone: TimeZone)? {
        guard let entry = map["Timezone"] else { return ("UTC", .gmt) }
        guard let identifier = reader.text(entry) else { return nil }
        if identifier == "UTC" || identifier == "GMT" { return (identifier, .gmt) }
        guard TimeZone.abbreviationDictionary[identifier] == nil,
            let zone = TimeZone(identifier: identifier), zone.identifier == identifier
        else {
            let hint: String
            if let zone = TimeZone.abbreviationDictionary[identifier] {
                hint = "; abbreviations are ambiguous: name a zone, such as '\(zone)'"
            } else {
                hint = KeySuggestion.closest(to: identifier, among: TimeZone.knownTimeZoneIdentifiers).map { "; did you mean '\($0)'?" } ?? ""
            }
            reader.report(
                .invalidSchedule, at: entry.valuePosition,
                "\(entry.path) '\(identifier)' is not an IANA time zone such as Europe/Berlin or UTC\(hint)")
            return nil
        }
        return (identifier, zone)
    }

    /// An ISO 8601 instant with its offset: `2026-01-01T00:00:00Z`.
    private mutating func instant(_ key: String, in map: YAMLMapping) -> Date? {
        guard let entry = map[key], let text = reader.text(entry) else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            reader.report(
                .invalidValue, at: entry.valuePosition,
                "\(entry.path) must be an ISO 8601 time with its offset, such as 2026-01-01T00:00:00Z (found '\(text)')")
            return nil
        }
        return date
    }

    /// The schedule's MinCapacity, MaxCapacity and DesiredFloor: at least one, consistent with
    /// each other and with the policy's MaxCapacity where the schedule does not raise it.
    private mutating func scheduledCapacities(in map: YAMLMapping, policyMax: Int?) -> (min: Int?, max: Int?, floor: Int?)? {
        guard map["MinCapacity"] != nil || map["MaxCapacity"] != nil || map["DesiredFloor"] != nil else {
            reader.report(.missingKey, at: map.position, "\(map.name) must set at least one of MinCapacity, MaxCapacity and DesiredFloor")
            return nil
        }
        let min = reader.integer("MinCapacity", in: map, range: PolicyLimits.capacity)
        let max = reader.integer("MaxCapacity", in: map, range: PolicyLimits.capacity)
        let floor = reader.integer("DesiredFloor", in: map, range: PolicyLimits.capacity)
        let invalid = (map["MinCapacity"] != nil && min == nil) || (map["MaxCapacity"] != nil && max == nil)
            || (map["DesiredFloor"] != nil && floor == nil)
        guard !invalid else { return nil }

        var consistent = true
        // The max in force while this schedule is active, as far as this schedule decides it.
        let ceiling = max ?? policyMax
        let ceilingName = max != nil ? "its MaxCapacity" : "the policy's MaxCapacity"
        if let min, let ceiling, min > ceiling, let entry = map["MinCapacity"] {
            let advice = max == nil ? "; set MaxCapacity in this schedule too" : ""
            reader.report(
                .conflictingValues, at: entry.valuePosition,
                "\(entry.path) (\(min)) is above \(ceilingName) (\(ceiling))\(advice)")
            consistent = false
        }
        if let floor, let ceiling, floor > ceiling, let entry = map["DesiredFloor"] {
            let advice = max == nil ? "; set MaxCapacity in this schedule too" : ""
            reader.report(
                .conflictingValues, at: entry.valuePosition,
                "\(entry.path) (\(floor)) is above \(ceilingName) (\(ceiling))\(advice)")
            consistent = false
        }
        return consistent ? (min, max, floor) : nil
    }
}
