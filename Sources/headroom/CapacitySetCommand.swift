import AWSClient
import ArgumentParser
import CapacityCore
import Controller
import Foundation

/// `headroom capacity set TARGET [--min N] [--max N] [--desired N] [--dry-run]`
struct CapacitySetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a target's min, max or desired capacity, after checking the result makes sense.",
        discussion: """
            Give any of --min, --max and --desired; the others keep their current values. \
            Before writing, the new values are merged with the current ones and checked: all \
            0 or more, and min ≤ desired ≤ max. Then they are written and each change is \
            printed as `min 1 → 2`: for an ECS service, min and max go to its Application Auto Scaling \
            scalable target (registering one needs both) and desired to the service; for an \
            Auto Scaling group, all three go in one UpdateAutoScalingGroup call.

            --dry-run prints the same lines and writes nothing. Any problem (unknown target, \
            access denied, throttled after retries, values that do not fit) exits 1 with one \
            line on standard error and writes nothing.

            A running `headroom run` may change desired again on its next tick; to hold a \
            capacity, raise min (or lower max) instead.

            Examples:
              headroom capacity set ecs:prod/api --min 2 --max 9
              headroom capacity set ecs:prod/api --desired 12 --dry-run
              headroom capacity set asg:gpu-inference --min 4 --desired 4
            """
    )

    @Argument(help: ArgumentHelp("ecs:CLUSTER/SERVICE or asg:GROUP_NAME.", valueName: "target"))
    var target: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The new minimum capacity.", valueName: "n"))
    var min: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The new maximum capacity.", valueName: "n"))
    var max: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("The new desired capacity (tasks or instances).", valueName: "n"))
    var desired: Int?

    @Flag(help: "Print what would change and write nothing.")
    var dryRun = false

    @OptionGroup var aws: AWSOptions

    func run() async throws {
        let target = try CapacityCommand.target(target)
        let requested = CapacityChange(minCapacity: min, maxCapacity: max, desired: desired)
        try Self.checkRequested(requested)
        let backend = try CapacityCommand.backend(aws)
        let current = try await CapacityCommand.describe(target, with: backend)
        let plan = try Self.plan(requested, for: target, current: current)
        guard !plan.changes.isEmpty else {
            print("\(target): nothing to change (\(plan.summary))")
            return
        }
        if !dryRun {
            try await Self.write(plan.write, to: target, with: backend)
        }
        print(dryRun ? "\(target) (dry run: nothing written)" : "\(target)")
        for change in plan.changes { print("  \(change)") }
    }

    /// Writes the change. An ECS service takes two calls (bounds, then desired); when the
    /// second fails, the message says the first one already took effect.
    static func write(_ change: CapacityChange, to target: TargetReference, with backend: AWSCapacityBackend) async throws(CommandFailure) {
        guard case .ecsService = target, change.desired != nil, change.minCapacity != nil || change.maxCapacity != nil else {
            do {
                try await backend.apply(change, to: target)
            } catch {
                throw CommandFailure(error.message)
            }
            return
        }
        do {
            try await backend.apply(CapacityChange(minCapacity: change.minCapacity, maxCapacity: change.maxCapacity), to: target)
        } catch {
            throw CommandFailure(error.message)
        }
        do {
            try await backend.apply(CapacityChange(desired: change.desired), to: target)
        } catch {
            throw CommandFailure("\(error.message) (min and max were already written; desired was not)")
        }
    }

    /// Flags that cannot be right whatever the target has.
    static func checkRequested(_ change: CapacityChange) throws(CommandFailure) {
        guard change.minCapacity != nil || change.maxCapacity != nil || change.desired != nil else {
            throw CommandFailure("nothing to set: give at least one of --min, --max and --desired")
        }
        for (flag, value) in [("--min", change.minCapacity), ("--max", change.maxCapacity), ("--desired", change.desired)] {
            if let value, value < 0 { throw CommandFailure("\(flag) is \(value); capacity is 0 or more") }
        }
        if let min = change.minCapacity, let max = change.maxCapacity, min > max {
            throw CommandFailure("--min \(min) is above --max \(max)")
        }
    }

    /// What to write and what to print: the requested values merged with the current ones.
    struct Plan {
        var write: CapacityChange
        var changes: [String]
        var summary: String
    }

    static func plan(_ requested: CapacityChange, for target: TargetReference, current: TargetState) throws(CommandFailure) -> Plan {
        let currentBounds = current.bounds
        let boundsRequested = requested.minCapacity != nil || requested.maxCapacity != nil
        if boundsRequested, currentBounds == nil, requested.minCapacity == nil || requested.maxCapacity == nil {
            throw CommandFailure(
                "\(target) has no scalable target yet: give both --min and --max to register one "
                    + "(Application Auto Scaling needs both)")
        }
        let newMin = requested.minCapacity ?? currentBounds?.min
        let newMax = requested.maxCapacity ?? currentBounds?.max
        let newDesired = requested.desired ?? current.desired
        if let newMin, let newMax, newMin > newMax {
            let which = requested.minCapacity != nil ? "--min \(newMin) is above the current max \(newMax)" : "--max \(newMax) is below the current min \(newMin)"
            throw CommandFailure("\(target): \(which); give both --min and --max")
        }
        if let newMin, newDesired < newMin {
            throw CommandFailure(
                "\(target): desired \(newDesired) would be below min \(newMin); "
                    + (requested.desired == nil ? "add --desired \(newMin) or more" : "raise --desired or lower --min"))
        }
        if let newMax, newDesired > newMax {
            throw CommandFailure(
                "\(target): desired \(newDesired) would be above max \(newMax); "
                    + (requested.desired == nil ? "add --desired \(newMax) or less" : "lower --desired or raise --max"))
        }

        var write = CapacityChange()
        var changes: [String] = []
        let minChanged = newMin != currentBounds?.min
        let maxChanged = newMax != currentBounds?.max
        if minChanged || maxChanged {
            // RegisterScalableTarget and UpdateAutoScalingGroup both take the pair; sending both
            // keeps a concurrent change of the other bound from slipping past the check above.
            write.minCapacity = newMin
            write.maxCapacity = newMax
        }
        if minChanged { changes.append("min \(text(currentBounds?.min)) → \(text(newMin))") }
        if maxChanged { changes.append("max \(text(currentBounds?.max)) → \(text(newMax))") }
        if newDesired != current.desired {
            write.desired = newDesired
            changes.append("desired \(current.desired) → \(newDesired)")
        }
        let summary = "min \(text(newMin)), max \(text(newMax)), desired \(newDesired)"
        return Plan(write: write, changes: changes, summary: summary)
    }

    private static func text(_ value: Int?) -> String {
        value.map(String.init) ?? "not registered"
    }
}
