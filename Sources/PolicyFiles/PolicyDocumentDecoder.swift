import CapacityCore
import Foundation
import Yams

/// Turns the YAML tree of a policy file into a ``CapacityPolicy``, reporting every problem.
struct PolicyDocumentDecoder {
    var reader: NodeReader
    /// The policy's name when the file gives none: the file name without extension.
    let defaultName: String
    /// Schedules must fire at least once after this instant (or after their own StartTime).
    let reference: Date

    static let keys = [
        "Name", "Kind", "Target", "Region", "RoleArn", "ExternalId", "MinCapacity", "MaxCapacity", "FixedCapacity",
        "TargetTracking", "ScheduledActions", "WarmPool", "Forecast", "Buffer", "AWSScaling",
    ]

    static let kinds: KeyValuePairs<String, CapacityPolicy.Kind> = [
        "headroom": .headroom,
        "aws-target-tracking": .awsTargetTracking,
        "k8s-hpa": .kubernetesHPA,
        "static": .fixed,
    ]

    /// The policy in `root`, or `nil` when any problem was found (see ``reader``'s problems).
    mutating func decode(_ root: Node) -> CapacityPolicy? {
        guard let top = reader.mapping(root, path: "", name: "the policy", keys: Self.keys) else { return nil }

        let name = reader.text("Name", in: top) ?? defaultName
        let kind: CapacityPolicy.Kind? = top["Kind"] == nil ? .headroom : reader.choice("Kind", in: top, Self.kinds)
        let target = self.target(in: top)
        let region = self.region(in: top)
        let (roleARN, externalID) = role(in: top)

        let minEntry = reader.require("MinCapacity", in: top)
        let maxEntry = reader.require("MaxCapacity", in: top)
        let min = minEntry.flatMap { _ in reader.integer("MinCapacity", in: top, range: PolicyLimits.capacity) }
        let max = maxEntry.flatMap { _ in reader.integer("MaxCapacity", in: top, range: PolicyLimits.capacity) }
        if let min, let max, min > max, let minEntry {
            reader.report(
                .conflictingValues, at: minEntry.valuePosition,
                "MinCapacity (\(min)) must not be greater than MaxCapacity (\(max))")
        }

        // With an unknown Kind, kind-specific rules would only add noise: check the rest.
        let kindIsKnown = kind != nil
        // Even a Target that does not parse says the policy is meant for the daemon.
        let scales = top["Target"].map { $0.value.scalar?.string ?? "its Target" }
        let strategy = self.strategy(in: top, kind: kind ?? .headroom, kindIsKnown: kindIsKnown, scales: scales, min: min, max: max)
        let schedules = scheduledActions(in: top, policyMax: max)
        let warmPool = self.warmPool(in: top, target: target)
        let forecast = self.forecast(in: top, kind: kind)
        let buffer = self.buffer(in: top, kind: kind)
        let awsScaling = self.awsScaling(in: top)

        guard reader.problems.isEmpty, let kind, let min, let max, let strategy, let schedules else {
            return nil
        }
        return CapacityPolicy(
            name: name, kind: kind, target: target, region: region,
            bounds: CapacityBounds(min: min, max: max), strategy: strategy,
            schedules: schedules, warmPool: warmPool, forecast: forecast, buffer: buffer, awsScaling: awsScaling,
            roleARN: roleARN, externalID: externalID)
    }

    // MARK: Where

    private mutating func target(in top: YAMLMapping) -> TargetReference? {
        guard let entry = top["Target"], let text = reader.text(entry) else { return nil }
        guard let target = TargetReference(text) else {
            reader.report(
                .invalidValue, at: entry.valuePosition,
                "Target '\(text)' must be ecs:CLUSTER/SERVICE or asg:GROUP_NAME")
            return nil
        }
        if case .ecsService(let cluster, let service) = target {
            for (what, value) in [("cluster", cluster), ("service", service)] where !Self.isECSName(value) {
                reader.report(
                    .invalidValue, at: entry.valuePosition,
                    "Target '\(text)': the ECS \(what) name '\(value)' may hold only letters, digits, '-' and '_' (up to 255)")
            }
        }
        return target
    }

    /// ECS cluster and service names: up to 255 letters, digits, hyphens and underscores.
    static func isECSName(_ name: String) -> Bool {
        name.count <= 255
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
            }
    }

    private mutating func region(in top: YAMLMapping) -> String? {
        guard let entry = top["Region"], let text = reader.text(entry) else { return nil }
        guard Self.isRegionName(text) else {
            reader.report(.invalidValue, at: entry.valuePosition, "Region '\(text)' is not an AWS region name such as us-east-1")
            return nil
        }
        return text
    }

    /// `RoleArn` (an IAM role ARN) and `ExternalId` (only with a `RoleArn`).
    private mutating func role(in top: YAMLMapping) -> (roleARN: String?, externalID: String?) {
        var roleARN: String?
        if let entry = top["RoleArn"], let text = reader.text(entry) {
            if Self.isRoleARN(text) {
                roleARN = text
            } else {
                reader.report(
                    .invalidValue, at: entry.valuePosition,
                    "RoleArn '\(text)' is not an IAM role ARN such as arn:aws:iam::123456789012:role/headroom")
            }
        }
        var externalID: String?
        if let entry = top["ExternalId"], let text = reader.text(entry) {
            if top["RoleArn"] == nil {
                reader.report(.conflictingValues, at: entry.keyPosition, "ExternalId is sent when assuming a role: add RoleArn or remove it")
            } else if text.isEmpty || text.count > 1224 {
                reader.report(.invalidValue, at: entry.valuePosition, "ExternalId must be 1 to 1224 characters")
            } else {
                externalID = text
            }
        }
        return (roleARN, externalID)
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/NAME` with a 12-digit account.
    static func isRoleARN(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "iam", parts[3].isEmpty else { return false }
        return parts[4].count == 12 && parts[4].allSatisfy { $0.isASCII && $0.isNumber }
            && parts[5].hasPrefix("role/") && parts[5].count > 5
    }

    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`: lowercase words joined by hyphens, ending in a number.
    static func isRegionName(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let number = parts.last, !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return false
        }
        return parts.dropLast().allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isLowercase }
        }
    }

    // MARK: How

    private mutating func strategy(
        in top: YAMLMapping, kind: CapacityPolicy.Kind, kindIsKnown: Bool, scales: String?, min: Int?, max: Int?
    ) -> CapacityPolicy.Strategy? {
        if kind == .fixed && kindIsKnown {
            reader.forbid("TargetTracking", in: top, because: "a static policy holds FixedCapacity")
            guard let entry = reader.require("FixedCapacity", in: top),
                let units = reader.integer("FixedCapacity", in: top, range: PolicyLimits.capacity)
            else { return nil }
            if let min, let max, min <= max, !(min...max).contains(units) {
                reader.report(
                    .conflictingValues, at: entry.valuePosition,
                    "FixedCapacity (\(units)) must lie between MinCapacity (\(min)) and MaxCapacity (\(max))")
            }
            return .fixed(units: units)
        }
        if kindIsKnown {
            reader.forbid("FixedCapacity", in: top, because: "only Kind: static holds a fixed capacity")
            _ = reader.require("TargetTracking", in: top)
        }
        guard let tracking = reader.mapping("TargetTracking", in: top, keys: Self.targetTrackingKeys) else { return nil }
        return targetTracking(tracking, kind: kind, scales: scales).map { .targetTracking($0) }
    }

    // MARK: Warm pool

    static let warmPoolKeys = ["MinSize", "MaxGroupPreparedCapacity", "PoolState", "ReuseOnScaleIn"]

    static let poolStates: KeyValuePairs<String, WarmPoolPolicy.PoolState> = [
        "Stopped": .stopped, "Running": .running, "Hibernated": .hibernated,
    ]

    private mutating func warmPool(in top: YAMLMapping, target: TargetReference?) -> WarmPoolPolicy? {
        guard let entry = top["WarmPool"], let map = reader.mapping("WarmPool", in: top, keys: Self.warmPoolKeys) else {
            return nil
        }
        if case .ecsService = target {
            reader.report(
                .conflictingValues, at: entry.keyPosition,
                "WarmPool applies to Auto Scaling groups (asg:...) and simulations, not to ECS services")
        }
        var pool = WarmPoolPolicy()
        if let minSize = reader.integer("MinSize", in: map, range: PolicyLimits.capacity) { pool.minSize = minSize }
        pool.maxGroupPreparedCapacity = reader.integer("MaxGroupPreparedCapacity", in: map, range: PolicyLimits.capacity)
        if let state = reader.choice("PoolState", in: map, Self.poolStates) { pool.poolState = state }
        if let reuse = reader.boolean("ReuseOnScaleIn", in: map) { pool.reuseOnScaleIn = reuse }
        return pool
    }
}
