import AWSClient
import ArgumentParser
import CapacityCore
import Controller
import Foundation

/// `headroom capacity get TARGET`
struct CapacityGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show a target's min, max and desired capacity and what is running.",
        discussion: """
            ECS service: min and max of its scalable target ("not registered" when Application \
            Auto Scaling does not manage it), desired, running and pending tasks.
            Auto Scaling group: min, max, desired, instances in service and pending, and the \
            warm pool with the instances waiting in it.

            Exits 1 with a one-line message when the target does not exist, access is denied \
            or AWS keeps throttling.

            Examples:
              headroom capacity get ecs:prod/api
              headroom capacity get asg:gpu-inference --output json | jq .desired
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @Argument(help: ArgumentHelp("ecs:CLUSTER/SERVICE or asg:GROUP_NAME.", valueName: "target"))
    var target: String

    @Option(help: "table (aligned lines for people) or json (one object on standard output).")
    var output: OutputFormat = .table

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let target = try CapacityCommand.target(target)
        let backend = try CapacityCommand.backend(aws)
        let state = try await CapacityCommand.describe(target, with: backend)
        var warm: WarmInstances?
        if case .autoScalingGroup(let name) = target, state.warmPool != nil {
            warm = await WarmInstances.read(group: name, with: backend.autoScaling)
        }
        switch output {
        case .table: print(Self.table(target, state, warm), terminator: "")
        case .json: print(try Self.json(target, state, warm))
        }
    }

    /// The instances in a group's warm pool, or why they could not be read.
    struct WarmInstances {
        var byState: [String: Int]
        var failure: String?

        var total: Int { byState.values.reduce(0, +) }

        static func read(group: String, with client: AutoScalingClient) async -> WarmInstances {
            do {
                let pool = try await client.describeWarmPool(group: group)
                var counts: [String: Int] = [:]
                for instance in pool.instances { counts[instance.lifecycleState.rawValue, default: 0] += 1 }
                return WarmInstances(byState: counts)
            } catch {
                return WarmInstances(byState: [:], failure: "\(error)")
            }
        }
    }

    static func table(_ target: TargetReference, _ state: TargetState, _ warm: WarmInstances?) -> String {
        var rows: [(String, String)] = [("target", target.description)]
        switch target {
        case .ecsService:
            if let bounds = state.bounds {
                rows += [("min", "\(bounds.min)"), ("max", "\(bounds.max)")]
            } else {
                rows += [("min", "not registered (no Application Auto Scaling scalable target)"), ("max", "not registered")]
            }
            rows += [("desired", "\(state.desired)"), ("running", "\(state.running)"), ("pending", "\(state.pending)")]
        case .autoScalingGroup:
            if let bounds = state.bounds {
                rows += [("min", "\(bounds.min)"), ("max", "\(bounds.max)")]
            }
            rows += [("desired", "\(state.desired)"), ("in service", "\(state.running)"), ("pending", "\(state.pending)")]
            rows.append(("warm pool", warmPoolText(state.warmPool, warm)))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
    }

    private static func warmPoolText(_ plan: WarmPoolPlan?, _ warm: WarmInstances?) -> String {
        guard let plan else { return "none" }
        var parts = ["min \(plan.minSize)"]
        parts.append("max prepared \(plan.maxGroupPreparedCapacity.map(String.init) ?? "group max")")
        parts.append(plan.poolState.rawValue)
        if plan.reuseOnScaleIn { parts.append("reuse on scale-in") }
        var text = parts.joined(separator: ", ")
        if let warm {
            if let failure = warm.failure {
                text += "; instances unknown (\(failure))"
            } else {
                let states = warm.byState.keys.sorted().map { "\($0) \(warm.byState[$0] ?? 0)" }
                text += "; \(warm.total) instance\(warm.total == 1 ? "" : "s") warm" + (states.isEmpty ? "" : " (\(states.joined(separator: ", ")))")
            }
        }
        return text
    }

    static func json(_ target: TargetReference, _ state: TargetState, _ warm: WarmInstances?) throws -> String {
        var object: [String: Any] = [
            "target": target.description,
            "desired": state.desired,
            "pending": state.pending,
            "min": state.bounds.map { $0.min as Any } ?? NSNull(),
            "max": state.bounds.map { $0.max as Any } ?? NSNull(),
        ]
        switch target {
        case .ecsService:
            object["kind"] = "ecs-service"
            object["running"] = state.running
            object["scalableTarget"] = state.bounds != nil
        case .autoScalingGroup:
            object["kind"] = "auto-scaling-group"
            object["inService"] = state.running
            if let plan = state.warmPool {
                var pool: [String: Any] = [
                    "minSize": plan.minSize,
                    "maxGroupPreparedCapacity": plan.maxGroupPreparedCapacity.map { $0 as Any } ?? NSNull(),
                    "poolState": plan.poolState.rawValue,
                    "reuseOnScaleIn": plan.reuseOnScaleIn,
                ]
                if let warm, warm.failure == nil {
                    pool["instances"] = warm.total
                    pool["instancesByState"] = warm.byState
                } else {
                    pool["instances"] = NSNull()
                }
                object["warmPool"] = pool
            } else {
                object["warmPool"] = NSNull()
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
