import AWSClient
import CapacityCore

/// The calls each API family can make for one placement over one interval: what decides how
/// many targets a tick reads when the API budget cannot cover them all.
public struct ReadCapacity: Sendable, Hashable {
    /// Calls per family; a family not listed is not limited.
    public var calls: [APIBudget.Family: Double]

    public init(calls: [APIBudget.Family: Double]) {
        self.calls = calls
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
