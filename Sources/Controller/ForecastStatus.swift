import CapacityCore
import Foundation

/// Whether a target's forecast has the history it needs, for `plan` and `/readyz` readers.
public enum ForecastStatus: Sendable, Hashable, CustomStringConvertible {
    /// Enough history for the shortest season: the forecast raises floors.
    case ready(historySeconds: Int)
    /// Not yet: the policy works reactively until `neededSeconds` of history exist.
    case warmingUp(historySeconds: Int, neededSeconds: Int)
    /// Not yet, and reading the history from the metric source failed (`reason`); it is tried
    /// again at `retryAt`. Meanwhile the policy works reactively.
    case historyUnreadable(historySeconds: Int, neededSeconds: Int, reason: String, retryAt: Date)

    /// The status of `memory` under `policy`'s forecast; `nil` when the policy has none.
    public init?(policy: CapacityPolicy, memory: DecisionMemory) {
        guard let forecast = policy.forecast, let shortest = forecast.seasonsSeconds.min() else { return nil }
        let have = memory.history?.span ?? 0
        self = have >= shortest ? .ready(historySeconds: have) : .warmingUp(historySeconds: have, neededSeconds: shortest)
    }

    public var description: String {
        switch self {
        case .ready(let have):
            "forecast active (\(Self.duration(have)) of history)"
        case .warmingUp(let have, let needed):
            "reactive only: the forecast needs \(Self.duration(needed)) of history, has \(Self.duration(have))"
        case .historyUnreadable(let have, let needed, let reason, let retryAt):
            "reactive only: could not read the forecast's history (\(reason)); tries again at "
                + "\(retryAt.formatted(.iso8601)); has \(Self.duration(have)) of the \(Self.duration(needed)) it needs"
        }
    }

    static func duration(_ seconds: Int) -> String {
        if seconds >= 86_400, seconds % 3600 == 0 {
            let days = Double(seconds) / 86_400
            return days == days.rounded() ? "\(Int(days)) d" : String(format: "%.1f d", days)
        }
        if seconds >= 3600 { return String(format: "%.1f h", Double(seconds) / 3600) }
        return "\(seconds / 60) min"
    }
}
