// TEMPORARY: replaced by the Schedules/ files on merge.
import Foundation
public struct ScheduledBounds: Sendable, Hashable, Codable { public var name: String }
public struct ScheduledValue: Sendable, Hashable, Codable { public var value: Int; public var schedule: String }
public struct ScheduleOverride: Sendable, Hashable, Codable {
    public var minCapacity: ScheduledValue?
    public var maxCapacity: ScheduledValue?
    public var desiredFloor: ScheduledValue?
}
public struct ScheduleResolver: Sendable {
    public init(_ schedules: [ScheduledBounds]) {}
    public func resolve(at date: Date) -> (override: ScheduleOverride, validUntil: Date) {
        (ScheduleOverride(), .distantFuture)
    }
}
