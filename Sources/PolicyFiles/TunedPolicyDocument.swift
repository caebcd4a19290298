import CapacityCore
import Foundation
import Yams

/// Writes a tuned policy as a policy file: the baseline's own document, with every setting the
/// tuning owns written over it.
///
/// What the user owns stays as the baseline file has it, key for key: `Target`, `Region`,
/// `MinCapacity`, `MaxCapacity`, `ScheduledActions`, every metric's name and source, `DisableScaleIn`
/// and `Fallback`. The rest of `TargetTracking`, `Buffer`, `Forecast` and `WarmPool` are written
/// in full, with `Kind: headroom`, so the file means the same whatever a kind's preset says.
public enum TunedPolicyDocument {
    /// The file's text: `header` as comment lines, then the document.
    ///
    /// - Parameters:
    ///   - baselineYAML: the baseline policy file's text; `baselinePath` names it in errors.
    ///   - tuned: the policy to write; its metrics must carry the baseline's names.
    /// - Throws: ``PolicyFileError`` when the baseline text is not a policy, or the written text
    ///   would not load back as exactly `tuned` (a guard: what is written is what was scored).
    public static func render(
        baselineYAML: String, baselinePath: String, tuned: CapacityPolicy, header: [String], reference: Date
    ) throws(PolicyFileError) -> String {
        let root: Node
        switch YAMLDocument.root(of: baselineYAML, file: baselinePath) {
        case .failure(let problem): throw problem
        case .success(let node): root = node
        }
        guard let top = root.mapping, case .targetTracking(let tracking) = tuned.strategy else {
            throw PolicyFileError(
                .invalidValue, file: baselinePath, line: 1, column: 1, message: "the baseline is not a target-tracking policy")
        }

        var pairs: [(Node, Node)] = [(Node("Name"), Node(tuned.name)), (Node("Kind"), Node("headroom"))]
        for (key, value) in top {
            switch key.string {
            case "Name", "Kind", "WarmPool", "Forecast", "Buffer": continue
            case "TargetTracking": pairs.append((key, targetTracking(value, tracking)))
            default: pairs.append((key, value))
            }
        }
        if let pool = tuned.warmPool { pairs.append((Node("WarmPool"), warmPool(pool))) }
        if let forecast = tuned.forecast { pairs.append((Node("Forecast"), self.forecast(forecast))) }
        if let buffer = tuned.buffer { pairs.append((Node("Buffer"), self.buffer(buffer))) }

        let body: String
        do {
            body = try Yams.serialize(node: .mapping(Node.Mapping(pairs)), width: -1, sortKeys: false)
        } catch {
            throw PolicyFileError(.malformedYAML, file: baselinePath, line: 1, column: 1, message: "cannot write the tuned policy: \(error)")
        }
        let comments = header.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n")
        let text = (comments.isEmpty ? "" : comments + "\n") + body

        let loaded = try PolicyFileLoader.load(yaml: text, path: "\(tuned.name).yaml", reference: reference)
        guard loaded == tuned else {
            throw PolicyFileError(
                .invalidValue, file: baselinePath, line: 1, column: 1,
                message: "the tuned policy did not read back as written; please report this with the baseline file")
        }
        return text
    }

    private static func targetTracking(_ baseline: Node, _ tracking: TargetTrackingPolicy) -> Node {
        var pairs: [(Node, Node)] = []
        for (key, value) in baseline.mapping ?? [:] {
            switch key.string {
            case "Metrics": pairs.append((key, metrics(value, tracking.metrics)))
            case "DisableScaleIn", "Fallback": pairs.append((key, value))
            default: continue
            }
        }
        pairs.append((Node("Tolerance"), number(tracking.tolerance)))
        pairs.append((Node("ScaleOut"), behavior(tracking.scaleOut)))
        pairs.append((Node("ScaleIn"), behavior(tracking.scaleIn)))
        pairs.append((Node("InstanceWarmup"), integer(tracking.instanceWarmupSeconds)))
        pairs.append((Node("MaxMetricAge"), integer(tracking.maxMetricAgeSeconds)))
        pairs.append((Node("EvaluationInterval"), integer(tracking.evaluationIntervalSeconds)))
        return .mapping(Node.Mapping(pairs))
    }

    /// The baseline's metrics with the tuned `TargetValue`s, matched by name.
    private static func metrics(_ baseline: Node, _ tuned: [TargetTrackingMetric]) -> Node {
        guard let items = baseline.sequence else { return baseline }
        let written: [Node] = items.map { item in
            guard let map = item.mapping, let name = map["Name"]?.string,
                let metric = tuned.first(where: { $0.name == name })
            else { return item }
            var pairs: [(Node, Node)] = []
            for (key, value) in map {
                pairs.append(key.string == "TargetValue" ? (key, number(metric.targetValue)) : (key, value))
            }
            return .mapping(Node.Mapping(pairs))
        }
        return .sequence(Node.Sequence(written))
    }

    private static func behavior(_ behavior: ScalingBehavior) -> Node {
        var pairs: [(Node, Node)] = [
            (Node("StabilizationWindowSeconds"), integer(behavior.stabilizationWindowSeconds)),
            (Node("Cooldown"), integer(behavior.cooldownSeconds)),
            (Node("SelectPolicy"), Node(selectPolicyName(behavior.selectPolicy))),
        ]
        let limits: [Node] = behavior.rateLimits.map { limit in
            .mapping(Node.Mapping([
                (Node("Type"), Node(limit.kind == .units ? "Units" : "Percent")),
                (Node("Value"), integer(limit.value)),
                (Node("PeriodSeconds"), integer(limit.periodSeconds)),
            ]))
        }
        // Kind: headroom has no rate limits and no alarm, so leaving a key out means "none".
        if !limits.isEmpty { pairs.append((Node("Policies"), .sequence(Node.Sequence(limits)))) }
        if let alarm = behavior.alarm {
            pairs.append((
                Node("Alarm"),
                .mapping(Node.Mapping([
                    (Node("Datapoints"), integer(alarm.datapoints)),
                    (Node("PeriodSeconds"), integer(alarm.periodSeconds)),
                    (Node("ThresholdRatio"), number(alarm.thresholdRatio)),
                ]))
            ))
        }
        return .mapping(Node.Mapping(pairs))
    }

    private static func selectPolicyName(_ policy: ScalingBehavior.SelectPolicy) -> String {
        switch policy {
        case .max: "Max"
        case .min: "Min"
        case .disabled: "Disabled"
        }
    }

    private static func warmPool(_ pool: WarmPoolPolicy) -> Node {
        var pairs: [(Node, Node)] = [(Node("MinSize"), integer(pool.minSize))]
        if let prepared = pool.maxGroupPreparedCapacity { pairs.append((Node("MaxGroupPreparedCapacity"), integer(prepared))) }
        pairs.append((Node("PoolState"), Node(pool.poolState.rawValue)))
        pairs.append((Node("ReuseOnScaleIn"), Node(pool.reuseOnScaleIn ? "true" : "false")))
        return .mapping(Node.Mapping(pairs))
    }

    private static func forecast(_ forecast: ForecastPolicy) -> Node {
        .mapping(Node.Mapping([
            (Node("Horizon"), integer(forecast.horizonSeconds)),
            (Node("Bucket"), integer(forecast.bucketSeconds)),
            (Node("Seasons"), .sequence(Node.Sequence(forecast.seasonsSeconds.map(integer), .implicit, .flow))),
            (Node("History"), integer(forecast.historySeconds)),
            (Node("Headroom"), number(forecast.headroom)),
            (Node("WarmPoolErrorFactor"), number(forecast.warmPoolErrorFactor)),
        ]))
    }

    private static func buffer(_ buffer: VolatilityBuffer) -> Node {
        .mapping(Node.Mapping([
            (Node("Window"), integer(buffer.windowSeconds)),
            (Node("Deviations"), number(buffer.deviations)),
            (Node("Bucket"), integer(buffer.bucketSeconds)),
            (Node("WarmPoolDeviations"), number(buffer.warmPoolDeviations)),
        ]))
    }

    private static func integer(_ value: Int) -> Node { Node(String(value)) }

    /// The shortest decimal that reads back as exactly `value` (Swift's description), as a whole
    /// number when it is one.
    private static func number(_ value: Double) -> Node {
        if value == value.rounded(), abs(value) < 1e15 { return Node(String(Int(value))) }
        return Node(String(value))
    }
}
