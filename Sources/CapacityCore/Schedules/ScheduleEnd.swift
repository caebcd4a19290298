/// How a scheduled window ends.
///
/// Encoded as `{"duration": seconds}` or `{"expression": "cron(...)"}`.
public enum ScheduleEnd: Sendable, Hashable, Codable {
    /// The window lasts this many seconds of real time after its start (DST does not stretch it).
    case duration(seconds: Int)
    /// The window ends at the first fire of this expression strictly after the window's start; if the
    /// expression never fires again, the window lasts until the schedule's ``ScheduledBounds/endTime``.
    case expression(ScheduleExpression)

    private enum CodingKeys: String, CodingKey {
        case duration
        case expression
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let seconds = try container.decodeIfPresent(Int.self, forKey: .duration) {
            guard !container.contains(.expression) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .expression, in: container, debugDescription: "give either duration or expression, not both")
            }
            self = .duration(seconds: seconds)
        } else {
            self = .expression(try container.decode(ScheduleExpression.self, forKey: .expression))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .duration(let seconds): try container.encode(seconds, forKey: .duration)
        case .expression(let expression): try container.encode(expression, forKey: .expression)
        }
    }
}
