import CapacityCore
import Controller
import Foundation
import MetricSources

/// An in-memory AWS for reconciler tests: targets, their state, and every call made.
actor FakeBackend: CapacityBackend {
    var targets: [TargetReference: TargetState]
    var failures: [TargetReference: TargetError] = [:]
    var writeFailures: [TargetReference: TargetError] = [:]
    private(set) var describeCalls: [[TargetReference]] = []
    private(set) var writes: [String] = []

    init(_ targets: [TargetReference: TargetState]) {
        self.targets = targets
    }

    func describe(_ requested: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>] {
        describeCalls.append(requested)
        var result: [TargetReference: Result<TargetState, TargetError>] = [:]
        for target in requested {
            if let failure = failures[target] {
                result[target] = .failure(failure)
            } else if let state = targets[target] {
                result[target] = .success(state)
            } else {
                result[target] = .failure(.notFound("\(target) does not exist"))
            }
        }
        return result
    }

    func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError) {
        if let failure = writeFailures[target] { throw failure }
        guard var state = targets[target] else { throw .notFound("\(target)") }
        writes.append("\(target) desired=\(desired)")
        state.desired = desired
        state.running = desired
        targets[target] = state
    }

    func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError) {
        if let failure = writeFailures[target] { throw failure }
        guard var state = targets[target] else { throw .notFound("\(target)") }
        writes.append("\(target) bounds=\(bounds)")
        state.bounds = bounds
        targets[target] = state
    }

    func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError) {
        guard var state = targets[target] else { throw .notFound("\(target)") }
        writes.append("\(target) warmPool min=\(plan.minSize) maxPrepared=\(plan.maxGroupPreparedCapacity.map(String.init) ?? "nil")")
        state.warmPool = plan
        targets[target] = state
    }

    /// AWS's own scaling per target; none when absent.
    var awsScaling: [TargetReference: ForeignScaling] = [:]
    var awsScalingFailures: [TargetReference: TargetError] = [:]

    func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling {
        awsScalingReads.append([target])
        if let failure = awsScalingFailures[target] { throw failure }
        return awsScaling[target] ?? ForeignScaling(service: "Application Auto Scaling")
    }

    /// Every read of AWS's own scaling, one list per call (one target for a single read).
    private(set) var awsScalingReads: [[TargetReference]] = []

    func awsScaling(of targets: [TargetReference]) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        awsScalingReads.append(targets)
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        for target in targets {
            if let failure = awsScalingFailures[target] {
                results[target] = .failure(failure)
            } else {
                results[target] = .success(awsScaling[target] ?? ForeignScaling(service: "Application Auto Scaling"))
            }
        }
        return results
    }

    func suspendAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        writes.append("\(target) suspend=\(switches.joined(separator: ","))")
        awsScaling[target]?.suspended.formUnion(switches)
    }

    func resumeAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        writes.append("\(target) resume=\(switches.joined(separator: ","))")
        awsScaling[target]?.suspended.subtract(switches)
    }

    func setAWSScaling(_ target: TargetReference, _ scaling: ForeignScaling?) { awsScaling[target] = scaling }
    func failAWSScaling(_ target: TargetReference, _ error: TargetError?) { awsScalingFailures[target] = error }
    func set(_ target: TargetReference, _ state: TargetState) { targets[target] = state }
    func fail(_ target: TargetReference, _ error: TargetError?) { failures[target] = error }
    func failWrites(_ target: TargetReference, _ error: TargetError?) { writeFailures[target] = error }
    func clearWrites() { writes.removeAll() }
}

/// Metric values by Prometheus query text; a query with no value reads as missing.
actor FakeMetrics: MetricSource {
    var values: [String: Double] = [:]
    var down = false
    private(set) var batches: [Int] = []

    func set(_ query: String, _ value: Double?) { values[query] = value }
    func setDown(_ down: Bool) { self.down = down }

    func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        batches.append(queries.count)
        return queries.map { query in
            guard !down else { return .unavailable("connection refused") }
            guard case .prometheus(let text) = query, let value = values[text] else { return .missing }
            return .value(value, at: time.addingTimeInterval(-60), periodSeconds: 60)
        }
    }
}

let start = Date(timeIntervalSince1970: 1_780_002_000)

func ecs(_ name: String) -> TargetReference { .ecsService(cluster: "prod", service: name) }

func cpuPolicy(_ target: TargetReference, min: Int = 1, max: Int = 20, scaleInWindow: Int = 300, schedules: [ScheduledBounds] = [], warmPool: WarmPoolPolicy? = nil) -> CapacityPolicy {
    let metric = TargetTrackingMetric(name: "cpu", source: .prometheus(query: "cpu:\(target)"), targetValue: 60)
    let tracking = TargetTrackingPolicy(metrics: [metric], scaleIn: ScalingBehavior(stabilizationWindowSeconds: scaleInWindow))
    return CapacityPolicy(name: "\(target)", target: target, bounds: CapacityBounds(min: min, max: max), strategy: .targetTracking(tracking), schedules: schedules, warmPool: warmPool)
}
