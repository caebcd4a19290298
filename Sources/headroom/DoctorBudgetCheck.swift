import AWSClient
import CapacityCore
import Controller

/// Whether the API budget decides every target each interval, per account and region.
enum DoctorBudgetCheck {
    /// One line per placement, from one interval's steady budget (the sustained rates of
    /// ``APIBudget/defaultLimits``, 90 % of the interval): ok when every target is decided
    /// each tick (its metrics read, its counts described that tick or recently enough to
    /// decide on), else a warning saying how often each target comes round.
    static func check(_ policies: [CapacityPolicy], interval: Int, defaultRegion: String?, into report: inout DoctorReport) {
        let groups = TargetPlacement.grouped(policies.filter { $0.target != nil }) { policy in
            var placement = TargetPlacement(policy: policy)
            if placement.region == defaultRegion { placement.region = nil }
            return placement
        }
        let seconds = Double(interval) * 0.9
        let capacity = ReadCapacity(calls: APIBudget.defaultLimits.mapValues { $0.rate * seconds })
        let fix = "ask AWS for higher ECS/CloudWatch API quotas and pass --api-budget FAMILY=RATE/BURST, lengthen --interval, or split the targets across accounts or regions"
        for (placement, group) in groups {
            let name = placement.roleARN == nil ? (placement.region ?? defaultRegion ?? "default region") : "\(placement)"
            let (decided, described) = capacity.coverage(
                of: group.compactMap(\.target), cloudWatchQueries: group.map { $0.metrics.filter(\.source.isCloudWatch).count })
            let rounds = (group.count + max(described, 1) - 1) / max(described, 1)
            let lifetime = Int(Reconciler.defaultSeenStateLifetime)
            if decided < group.count {
                let metricRounds = (group.count + max(decided, 1) - 1) / max(decided, 1)
                report.warn(
                    "API budget", "\(name): \(group.count) targets, but AWS's default GetMetricData limit reads the metrics of about \(decided) per \(interval) s tick: each target is decided in turn, at least every \(max(metricRounds, rounds)) ticks",
                    fix: fix)
            } else if described >= group.count {
                report.ok("API budget", "\(name): \(group.count) targets read every \(interval) s tick within AWS's default rate limits")
            } else if rounds * interval <= lifetime {
                report.ok(
                    "API budget", "\(name): \(group.count) targets decided every \(interval) s tick from their metrics; AWS's default rate limits describe about \(described) per tick, so each target's counts are read at least every \(rounds) ticks, and first whenever its decision would write")
            } else {
                report.warn(
                    "API budget", "\(name): \(group.count) targets, but AWS's default rate limits describe about \(described) per \(interval) s tick: each target's counts are read every \(rounds) ticks, longer than the \(lifetime) s Headroom decides on counts it read earlier, so each is decided only every \(rounds) ticks",
                    fix: fix)
            }
        }
    }
}
