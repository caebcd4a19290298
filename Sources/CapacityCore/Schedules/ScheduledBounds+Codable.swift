import Foundation

/// Encodes the time zone as its identifier; decoding goes through the validating initializer.
extension ScheduledBounds: Codable {
    private enum CodingKeys: String, CodingKey {
        case name, start, end, timeZone, startTime, endTime, minCapacity, maxCapacity, desiredFloor
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(
                name: container.decode(String.self, forKey: .name),
                start: container.decode(ScheduleExpression.self, forKey: .start),
                end: container.decode(ScheduleEnd.self, forKey: .end),
                timeZone: container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC",
                startTime: container.decodeIfPresent(Date.self, forKey: .startTime),
                endTime: container.decodeIfPresent(Date.self, forKey: .endTime),
                minCapacity: container.decodeIfPresent(Int.self, forKey: .minCapacity),
                maxCapacity: container.decodeIfPresent(Int.self, forKey: .maxCapacity),
                desiredFloor: container.decodeIfPresent(Int.self, forKey: .desiredFloor))
        } catch let error as ScheduledBoundsError {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(timeZone.identifier, forKey: .timeZone)
        try container.encodeIfPresent(startTime, forKey: .startTime)
        try container.encodeIfPresent(endTime, forKey: .endTime)
        try container.encodeIfPresent(minCapacity, forKey: .minCapacity)
        try container.encodeIfPresent(maxCapacity, forKey: .maxCapacity)
        try container.encodeIfPresent(desiredFloor, forKey: .desiredFloor)
    }
}
