import CapacityCore
import Yams

extension PolicyDocumentDecoder {
    static let targetTrackingKeys = [
        "Metrics", "Tolerance", "ScaleOutCooldown", "ScaleInCooldown", "ScaleOut", "ScaleIn",
        "DisableScaleIn", "InstanceWarmup", "MaxMetricAge", "EvaluationInterval", "Fallback",
    ]
    static let behaviorKeys = ["StabilizationWindowSeconds", "Cooldown", "SelectPolicy", "Policies", "Alarm"]
    static let rateLimitKeys = ["Type", "Value", "PeriodSeconds"]
    static let alarmKeys = ["Datapoints", "PeriodSeconds", "ThresholdRatio"]
    static let fallbackKeys = ["FailureThreshold", "Capacity"]

    static let selectPolicies: KeyValuePairs<String, ScalingBehavior.SelectPolicy> = [
        "Max": .max, "Min": .min, "Disabled": .disabled,
    ]
    static let rateLimitKinds: KeyValuePairs<String, ScalingBehavior.RateLimit.Kind> = [
        "Units": .units, "Percent": .percent,
    ]

    /// The kind's preset for `metrics`, before the file's own keys override it.
    static func preset(for kind: CapacityPolicy.Kind, metrics: [TargetTrackingMetric]) -> TargetTrackingPolicy {
        switch kind {
        case .awsTargetTracking: .awsTargetTracking(metrics: metrics)
        case .kubernetesHPA: .kubernetesHPA(metrics: metrics)
        case .headroom, .fixed: TargetTrackingPolicy(metrics: metrics)
        }
    }

    /// The `TargetTracking` block: the kind's preset, then every key the file gives.
    ///
    /// `scales` is the policy's Target as written, `nil` for a simulation-only policy.
    mutating func targetTracking(_ map: YAMLMapping, kind: CapacityPolicy.Kind, scales: String?) -> TargetTrackingPolicy? {
        let metrics = self.metrics(in: map, scales: scales)
        var policy = Self.preset(for: kind, metrics: metrics ?? [])

        if let tolerance = reader.number("Tolerance", in: map, range: .fraction) { policy.tolerance = tolerance }
        if let disable = reader.boolean("DisableScaleIn", in: map) { policy.disableScaleIn = disable }
        if let warmup = reader.seconds("InstanceWarmup", in: map, range: PolicyLimits.seconds) {
            policy.instanceWarmupSeconds = warmup
        }
        if let age = reader.seconds("MaxMetricAge", in: map, range: PolicyLimits.seconds) { policy.maxMetricAgeSeconds = age }
        if let interval = reader.seconds("EvaluationInterval", in: map, range: PolicyLimits.seconds) {
            policy.evaluationIntervalSeconds = interval
        }

        policy.scaleOut = behavior("ScaleOut", shorthand: "ScaleOutCooldown", in: map, base: policy.scaleOut, scaleIn: false)
        policy.scaleIn = behavior("ScaleIn", shorthand: "ScaleInCooldown", in: map, base: policy.scaleIn, scaleIn: true)

        if let fallbackMap = reader.mapping("Fallback", in: map, keys: Self.fallbackKeys) {
            let threshold = reader.require("FailureThreshold", in: fallbackMap)
                .flatMap { _ in reader.integer("FailureThreshold", in: fallbackMap, range: 1...1_000_000) }
            let capacity = reader.require("Capacity", in: fallbackMap)
                .flatMap { _ in reader.integer("Capacity", in: fallbackMap, range: PolicyLimits.capacity) }
            if let threshold, let capacity {
                policy.fallback = FallbackPolicy(failureThreshold: threshold, capacity: capacity)
            }
        }

        guard metrics != nil else { return nil }
        return policy
    }

    // MARK: Behaviors

    /// `ScaleOut` or `ScaleIn` over `base`: each key given replaces the preset's value; the
    /// shorthand `ScaleOutCooldown`/`ScaleInCooldown` sets the cooldown too, but not both ways at once.
    private mutating func behavior(
        _ key: String, shorthand: String, in map: YAMLMapping, base: ScalingBehavior, scaleIn: Bool
    ) -> ScalingBehavior {
        var behavior = base
        if let cooldown = reader.seconds(shorthand, in: map, range: PolicyLimits.seconds) {
            behavior.cooldownSeconds = cooldown
        }
        guard let block = reader.mapping(key, in: map, keys: Self.behaviorKeys) else { return behavior }

        if let window = reader.seconds("StabilizationWindowSeconds", in: block, range: PolicyLimits.seconds) {
            behavior.stabilizationWindowSeconds = window
        }
        if let entry = block["Cooldown"], map[shorthand] != nil {
            reader.report(
                .conflictingValues, at: entry.keyPosition,
                "\(entry.path) and TargetTracking.\(shorthand) both set the cooldown; keep one")
        } else if let cooldown = reader.seconds("Cooldown", in: block, range: PolicyLimits.seconds) {
            behavior.cooldownSeconds = cooldown
        }
        if let select = reader.choice("SelectPolicy", in: block, Self.selectPolicies) { behavior.selectPolicy = select }
        if let items = reader.sequence("Policies", in: block, limit: PolicyLimits.rateLimits) {
            behavior.rateLimits = rateLimits(items, path: block.path(of: "Policies"), scaleIn: scaleIn)
        }
        if let entry = block["Alarm"] {
            behavior.alarm = alarm(entry, base: base.alarm)
        }
        return behavior
    }

    private mutating func rateLimits(_ items: [Node], path: String, scaleIn: Bool) -> [ScalingBehavior.RateLimit] {
        var limits: [ScalingBehavior.RateLimit] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let map = reader.mapping(item, path: itemPath, name: itemPath, keys: Self.rateLimitKeys) else { continue }
            let kindEntry = reader.require("Type", in: map)
            let valueEntry = reader.require("Value", in: map)
            let periodEntry = reader.require("PeriodSeconds", in: map)
            let kind = kindEntry.flatMap { _ in reader.choice("Type", in: map, Self.rateLimitKinds) }
            // Removing more than all units means nothing; adding is limited only by MaxCapacity.
            let valueRange = kind == .percent && scaleIn ? 1...100 : 1...PolicyLimits.capacity.upperBound
            let value = valueEntry.flatMap { _ in reader.integer("Value", in: map, range: valueRange) }
            let period = periodEntry.flatMap { _ in reader.seconds("PeriodSeconds", in: map, range: PolicyLimits.period) }
            if let kind, let value, let period {
                limits.append(.init(kind: kind, value: value, periodSeconds: period))
            }
        }
        return limits
    }

    /// An alarm over `base` (the preset's alarm, if any); `Alarm: null` removes the preset's alarm.
    private mutating func alarm(_ entry: YAMLMapping.Entry, base: AlarmEvaluation?) -> AlarmEvaluation? {
        if entry.value.scalar != nil, entry.value.tag.description == Tag.Name.null.rawValue { return nil }
        guard let map = reader.mapping(entry.value, path: entry.path, name: entry.path, keys: Self.alarmKeys) else {
            return base
        }
        if base == nil { _ = reader.require("Datapoints", in: map) }
        var alarm = base ?? AlarmEvaluation(periodSeconds: 60, datapoints: 1, thresholdRatio: 1.0)
        if let datapoints = reader.integer("Datapoints", in: map, range: 1...1440) { alarm.datapoints = datapoints }
        if let period = reader.seconds("PeriodSeconds", in: map, range: PolicyLimits.period) { alarm.periodSeconds = period }
        if let ratio = reader.number("ThresholdRatio", in: map, range: .positive) { alarm.thresholdRatio = ratio }
        return alarm
    }
}
