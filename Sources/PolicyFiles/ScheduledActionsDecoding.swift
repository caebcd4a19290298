import CapacityCore
import Foundation
import Yams

/// `ScheduledActions`: windows that change the bounds for a while.
///
/// Written against CapacityCore's schedule API: `ScheduleExpression.parse(_:)` and
/// `validateFires(within:from:)`, `ScheduleEnd` and `ScheduledBounds`.
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
        let timeZone = self.timeZone(in: map)
        let startTime = instant("StartTime", in: map)
        let endTime = instant("EndTime", in: map)
        if let startTime, let endTime, startTime >= endTime, let entry = map["EndTime"] {
            reader.report(.conflictingValues, at: entry.valuePosition, "\(entry.path) must be later than StartTime")
        }
        // A schedule may start in the future; it only has to fire once its validity begins.
        let firesFrom = startTime ?? reference
        let start = reader.require("Schedule", in: map).flatMap { expression($0, firesFrom: firesFrom) }
        let end = self.end(in: map, firesFrom: firesFrom)
        let bounds = scheduledCapacities(in: map, policyMax: policyMax)

        guard let name, let start, let end, let timeZone, let bounds,
            map["StartTime"] == nil || startTime != nil, map["EndTime"] == nil || endTime != nil
        else { return nil }
        return ScheduledBounds(
            name: name, start: start, end: end, timeZone: timeZone, startTime: startTime, endTime: endTime,
            minCapacity: bounds.min, maxCapacity: bounds.max, desiredFloor: bounds.floor)
    }

    /// A schedule expression that parses and fires at least once after `firesFrom`.
    private mutating func expression(_ entry: YAMLMapping.Entry, firesFrom: Date) -> ScheduleExpression? {
        guard let text = reader.text(entry) else { return nil }
        let expression: ScheduleExpression
        do {
            expression = try ScheduleExpression.parse(text)
        } catch {
            reader.report(
                .invalidSchedule, at: entry.valuePosition,
                "\(entry.path) '\(text)' is not a valid schedule (cron(...), rate(...) or at(...)): \(error)")
            return nil
        }
        do {
            try expression.validateFires(from: firesFrom)
        } catch {
            reader.report(.invalidSchedule, at: entry.valuePosition, "\(entry.path) '\(text)' never fires: \(error)")
            return nil
        }
        return expression
    }

    /// `End` (an expression) or `Duration` (seconds, or 90m / 11h / 1d): exactly one.
    private mutating func end(in map: YAMLMapping, firesFrom: Date) -> ScheduleEnd? {
        switch (map["End"], map["Duration"]) {
        case (nil, nil):
            reader.report(.missingKey, at: map.position, "\(map.name) needs End (a schedule expression) or Duration")
            return nil
        case (.some, .some(let duration)):
            reader.report(.conflictingValues, at: duration.keyPosition, "\(map.name) may have End or Duration, not both")
            return nil
        case (.some(let end), nil):
            return expression(end, firesFrom: firesFrom).map { .expression($0) }
        case (nil, .some):
            return reader.seconds("Duration", in: map, range: 1...PolicyLimits.seconds.upperBound).map { .duration(seconds: $0) }
        }
    }

    private mutating func timeZone(in map: YAMLMapping) -> TimeZone? {
        guard let entry = map["Timezone"] else { return TimeZone(identifier: "UTC") }
        guard let identifier = reader.text(entry) else { return nil }
        guard let zone = TimeZone(identifier: identifier) else {
            let hint = KeySuggestion.closest(to: identifier, among: TimeZone.knownTimeZoneIdentifiers).map { "; did you mean '\($0)'?" } ?? ""
            reader.report(
                .invalidSchedule, at: entry.valuePosition,
                "\(entry.path) '\(identifier)' is not an IANA time zone such as Europe/Berlin or UTC\(hint)")
            return nil
        }
        return zone
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
