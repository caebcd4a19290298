import Foundation

/// A recorded load trace: one offered-load value per step of constant length (SIMULATION.md, "Trace").
public struct Trace: Sendable, Hashable {
    /// How the trace wrote its timestamps; timelines write them back the same way.
    public enum TimestampFormat: Sendable, Hashable {
        /// `2026-01-05T00:00:00Z`: ``Trace/startSeconds`` counts from the Unix epoch.
        case iso8601
        /// Integer seconds since the trace start, as written in the file.
        case seconds
    }

    /// What reports call the trace (the file name without its extension).
    public var name: String
    public var timestampFormat: TimestampFormat
    /// The first step's timestamp in seconds (Unix seconds for ISO-8601 traces).
    public var startSeconds: Int64
    /// Δ, the constant step length in seconds.
    public var stepSeconds: Int
    /// The offered load of each step, never negative.
    public var values: [Double]

    public init(name: String, timestampFormat: TimestampFormat = .seconds, startSeconds: Int64 = 0, stepSeconds: Int, values: [Double]) {
        self.name = name
        self.timestampFormat = timestampFormat
        self.startSeconds = startSeconds
        self.stepSeconds = stepSeconds
        self.values = values
    }

    /// T, the number of steps.
    public var count: Int { values.count }

    /// The timestamp of step `t`, in seconds.
    public func seconds(ofStep step: Int) -> Int64 {
        startSeconds + Int64(step) * Int64(stepSeconds)
    }

    /// The instant of step `t` as the planner sees it: trace seconds are seconds since 1970.
    public func date(ofStep step: Int) -> Date {
        Date(timeIntervalSince1970: Double(seconds(ofStep: step)))
    }

    /// The timestamp of step `t` written the way the trace wrote it.
    public func timestampText(ofStep step: Int) -> String {
        switch timestampFormat {
        case .iso8601: UTCTimestamp.format(seconds(ofStep: step))
        case .seconds: String(seconds(ofStep: step))
        }
    }
}
