import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

/// What every scenario builds: the daemon's real clients, pointed at a ``FaultProxy`` in
/// front of moto, with the retry layer's waits spent on a ``VirtualClock`` instead of real time.
struct Scenario {
    let identity: MotoIdentity
    let proxy: FaultProxy
    let clock: VirtualClock

    /// A start time on a whole minute an hour in the past: CloudWatch datapoints put for the
    /// virtual minutes that follow are never in the future.
    static func virtualStart() -> Date {
        let now = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (now / 60).rounded(.down) * 60 - 3600)
    }

    init(motoURL: URL, plan: FaultPlan = .none) async throws {
        identity = try await MotoAccount.shared.administrator(at: motoURL)
        clock = VirtualClock(Self.virtualStart())
        proxy = try FaultProxy(upstream: motoURL, plan: plan, clock: clock.read)
    }

    /// The daemon's standard retry mode (3 attempts, 500-token quota, full jitter from a
    /// seeded generator) whose backoff waits advance the virtual clock.
    func retryStrategy(maxAttempts: Int = 3) -> RetryStrategy {
        let random = RandomBox(seed: 42)
        return RetryStrategy(
            maxAttempts: maxAttempts, random: { random.unit() },
            sleep: { [clock] delay in clock.advance(by: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18) })
    }

    /// Deadlines short enough that an injected latency costs seconds, long enough for moto;
    /// answers larger than 1 MiB are refused.
    static let maxResponseBytes = 1 << 20
    static let transport = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(4), request: .seconds(5)), maxResponseBodySize: maxResponseBytes))

    /// A client of `service` that signs as the administrator and sends through the proxy.
    func client(_ service: AWSService, retry: RetryStrategy) -> AWSServiceClient {
        MotoAccount.client(service, endpoint: proxy.baseURL, credentials: identity.credentials, retryStrategy: retry, transport: Self.transport)
    }

    /// The daemon's backend, through the proxy.
    func backend(retry: RetryStrategy) -> AWSCapacityBackend {
        AWSCapacityBackend(
            ecs: ECSClient(client: client(.ecs, retry: retry)),
            applicationAutoScaling: ApplicationAutoScalingClient(client: client(.applicationAutoScaling, retry: retry)),
            autoScaling: AutoScalingClient(client: client(.autoScaling, retry: retry)))
    }

    /// Seeds moto directly, never through the proxy.
    var seed: MotoSeed { MotoSeed(identity) }

    /// For the test's own reads of moto, made on every tick: a loaded machine can stall one
    /// exchange (moto busy, or libcurl), so reads get a 20 s deadline and 3 attempts instead
    /// of one 60 s attempt.
    static let directTransport = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(20), request: .seconds(20))))

    /// A client of `service` straight to moto (no proxy, no faults), retrying what times out.
    func directClient(_ service: AWSService) -> AWSServiceClient {
        identity.client(service, retryStrategy: .immediate(maxAttempts: 3), transport: Self.directTransport)
    }

    /// ECS desiredCount of each service, read straight from moto.
    func desiredCounts(cluster: String, _ services: [String]) async throws -> [String: Int] {
        let described = try await ECSClient(client: directClient(.ecs)).describeServices(cluster: cluster, services: services)
        var counts: [String: Int] = [:]
        for service in services {
            counts[service] = described.service(named: service)?.desiredCount
        }
        return counts
    }

    /// An Auto Scaling group's desired capacity, read straight from moto.
    func groupDesired(_ name: String) async throws -> Int? {
        try await AutoScalingClient(client: directClient(.autoScaling)).describeAutoScalingGroups(names: [name])
            .first { $0.name == name }?.desiredCapacity
    }
}

/// A seeded generator shared by a retry strategy's calls.
final class RandomBox: @unchecked Sendable {
    private let lock = NSLock()
    private var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    func unit() -> Double { lock.withLock { random.unit() } }
}

/// Policies of the scenarios: one metric, scale-in without a stabilization window so a
/// wrongful scale-in would show at once.
enum ScenarioPolicy {
    /// Tracks a Prometheus expression as a total (`ceil(value / 60)` units, whatever the count now).
    static func total(_ target: TargetReference, query: String, min: Int, max: Int, fallback: FallbackPolicy? = nil) -> CapacityPolicy {
        let metric = TargetTrackingMetric(name: "load", source: .prometheus(query: query), targetValue: 60, valueType: .total)
        return policy(target, metric, min: min, max: max, fallback: fallback)
    }

    /// Tracks an ECS service's average CPU in CloudWatch (namespace `AWS/ECS`).
    static func cpu(_ target: TargetReference, cluster: String, service: String, min: Int, max: Int, fallback: FallbackPolicy? = nil) -> CapacityPolicy {
        let query = MetricQuery.cloudWatch(CloudWatchMetric(
            namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service)]))
        return policy(target, TargetTrackingMetric(name: "cpu", source: query, targetValue: 60), min: min, max: max, fallback: fallback)
    }

    private static func policy(_ target: TargetReference, _ metric: TargetTrackingMetric, min: Int, max: Int, fallback: FallbackPolicy?) -> CapacityPolicy {
        let tracking = TargetTrackingPolicy(
            metrics: [metric], scaleIn: ScalingBehavior(stabilizationWindowSeconds: 0), fallback: fallback)
        return CapacityPolicy(name: "\(target)", target: target, bounds: CapacityBounds(min: min, max: max), strategy: .targetTracking(tracking))
    }
}

extension FaultProxy {
    /// The exchanges of the proxy that wrote capacity: UpdateService, SetDesiredCapacity,
    /// UpdateAutoScalingGroup, RegisterScalableTarget, PutWarmPool.
    static let writeOperations: Set<String> = [
        "UpdateService", "SetDesiredCapacity", "UpdateAutoScalingGroup", "RegisterScalableTarget", "PutWarmPool",
    ]
}
