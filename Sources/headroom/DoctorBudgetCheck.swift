import AWSClient
import CapacityCore
import Controller

/// Whether the API budget reads every target each interval, per account and region.
enum DoctorBudgetCheck {
    /// One line per placement: ok when one interval's steady budget (the sustained rates of
    /// ``APIBudget/defaultLimits``, 90 % of the interval) reads all its targets, else a
    /// warning saying how many it reads and how often each target then comes round.
    static func check(_ policies: [CapacityPolicy], interval: Int, defaultRegion: String?, into report: inout DoctorReport) {
        let groups = TargetPlacement.grouped(policies.filter { $0.target != nil }) { policy in
            var placement = TargetPlacement(policy: policy)
            if placement.region == defaultRegion { placement.region = nil }
            return placement
        }
        let seconds = Double(interval) * 0.9
        let capacity = ReadCapacity(calls: APIBudget.defaultLimits.mapValues { $0.rate * seconds })
        for (placement, group) in groups {
            let name = placement.roleARN == nil ? (placement.region ?? defaultRegion ?? "default region") : "\(placement)"
            let perTick = capacity.affordableCount(
                of: group.compactMap(\.target), cloudWatchQueries: group.map { $0.metrics.filter(\.source.isCloudWatch).count })
            if perTick >= group.count {
                report.ok("API budget", "\(name): \(group.count) targets read every \(interval) s tick within AWS's default rate limits")
            } else {
                let rounds = (group.count + max(perTick, 1) - 1) / max(perTick, 1)
                report.warn(
                    "API budget", "\(name): \(group.count) targets, but AWS's default rate limits read about \(perTick) per \(interval) s tick: each target is served in turn, at least every \(rounds) ticks",
                    fix: "ask AWS for higher ECS/CloudWatch API quotas and pass --api-budget FAMILY=RATE/BURST, lengthen --interval, or split the targets across accounts or regions")
            }
        }
    }
}
