import AWSClient
import CapacityCore

/// The calls each API family can make for one placement over one interval: what decides how
/// many targets a tick reads when the API budget cannot cover them all.
public struct ReadCapacity: Sendable, Hashable {
    /// Calls per family; a family not listed is not limited.
    public var calls: [APIBudget.Family: Double]
    /// The seconds of the tick the calls are spread over, when known.
    public var seconds: Double?

    public init(calls: [APIBudget.Family: Double], seconds: Double? = nil) {
        self.calls = calls
        self.seconds = seconds
    }

    /// `share` of each family's calls.
    public func scaled(by share: Double) -> ReadCapacity {
        ReadCapacity(calls: calls.mapValues { $0 * share }, seconds: seconds)
    }

    /// The share of the describe budget to plan for the next tick, so that its describes
    /// and the rest of the tick (`otherSeconds`: metric reads, decisions, writes) fit in
    /// ``seconds``. The budget's arithmetic assumes each call is sent the moment its token
    /// is there; round trips, and the decisions and writes after the describes, take longer,
    /// and a tick that overruns its interval stretches the time between two decisions. The
    /// step is damped (a square root) so the share settles rather than swings.
    public func nextDescribeShare(_ share: Double, describedIn describeSeconds: Double, otherSeconds: Double) -> Double {
        guard let seconds, describeSeconds > 0 else { return share }
        let room = max(seconds - otherSeconds, seconds * 0.2)
        return min(1, max(0.1, share * (room / describeSeconds).squareRoot()))
    }

    /// The limits of `families` only.
    public func only(_ families: Set<APIBudget.Family>) -> ReadCapacity {
        ReadCapacity(calls: calls.filter { families.contains($0.key) }, seconds: seconds)
    }

    /// The limits of every family but `families`.
    public func excluding(_ families: Set<APIBudget.Family>) -> ReadCapacity {
        ReadCapacity(calls: calls.filter { !families.contains($0.key) }, seconds: seconds)
    }

    /// How many of `targets`, from the first, one tick can read: every read of a tick is
    /// batched (``ECSClient/maxServicesPerDescribe`` services per `DescribeServices` and
    /// ``ApplicationAutoScalingClient/maxResourceIDsPerDescribe`` per `DescribeScalableTargets`,
    /// per cluster; ``AutoScalingClient/maxGroupsPerDescribe`` groups per call;
    /// ``CloudWatchClient/maxQueriesPerCall`` metrics per `GetMetricData`), and the count
    /// stops before the first target whose batch would need a call the budget lacks.
    /// - Parameter cloudWatchQueries: each target's CloudWatch queries, in the same order.
    public func affordableCount(of targets: [TargetReference], cloudWatchQueries: [Int]) -> Int {
        var servicesPerCluster: [String: Int] = [:]
        var used: [APIBudget.Family: Double] = [:]
        var groups = 0
        var queries = 0
        for (index, target) in targets.enumerated() {
            var cost: [APIBudget.Family: Double] = [:]
            switch target {
            case .ecsService(let cluster, _):
                let before = servicesPerCluster[cluster, default: 0]
                if before % ECSClient.maxServicesPerDescribe == 0 { cost[.ecsServiceRead] = 1 }
                if before % ApplicationAutoScalingClient.maxResourceIDsPerDescribe == 0 { cost[.applicationAutoScalingRead] = 1 }
                servicesPerCluster[cluster] = before + 1
            case .autoScalingGroup:
                if groups % AutoScalingClient.maxGroupsPerDescribe == 0 { cost[.autoScalingRead] = 1 }
                groups += 1
            }
            let own = index < cloudWatchQueries.count ? cloudWatchQueries[index] : 0
            let callsBefore = (queries + CloudWatchClient.maxQueriesPerCall - 1) / CloudWatchClient.maxQueriesPerCall
            queries += own
            let callsAfter = (queries + CloudWatchClient.maxQueriesPerCall - 1) / CloudWatchClient.maxQueriesPerCall
            if callsAfter > callsBefore { cost[.cloudWatchGetMetricData] = Double(callsAfter - callsBefore) }
            for (family, calls) in cost {
                guard let limit = self.calls[family] else { continue }
                if used[family, default: 0] + calls > limit { return index }
                used[family, default: 0] += calls
            }
        }
        return targets.count
    }
}

extension ReadCapacity {
    /// How many of `targets` one tick can decide (their metrics read) and describe: a
    /// budgeted tick decides every target whose metrics it reads, on counts described then or
    /// in an earlier tick (see ``Reconciler``).
    public func coverage(of targets: [TargetReference], cloudWatchQueries: [Int]) -> (decided: Int, described: Int) {
        let decided = only([.cloudWatchGetMetricData]).affordableCount(of: targets, cloudWatchQueries: cloudWatchQueries)
        let described = excluding([.cloudWatchGetMetricData]).affordableCount(of: targets, cloudWatchQueries: [])
        return (decided, described)
    }
}

/// Which targets a tick serves when the API budget cannot cover them all: a window that
/// moves round the list, so every target is served in turn and none is starved.
public struct RoundRobinWindow: Sendable, Hashable {
    /// Where the next tick's window starts.
    public private(set) var start = 0

    public init() {}

    /// The positions to serve this tick out of `count`, `affordable` of them (at least one,
    /// so a tiny budget still moves), starting where the last window ended; then moves on.
    public mutating func next(count: Int, affordable: Int) -> [Int] {
        guard count > 0 else { return [] }
        let size = min(count, max(1, affordable))
        if size == count {
            start = 0
            return Array(0..<count)
        }
        let first = start % count
        start = (first + size) % count
        return (0..<size).map { (first + $0) % count }
    }
}
