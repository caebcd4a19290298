import Foundation

/// The API calls one process may make, per AWS account, region and API family: one
/// ``TokenBucket`` each, shaped like the bucket AWS throttles that family with.
///
/// A call takes a token before it is sent (``acquire(_:)`` waits when there is none), so a
/// large fleet spreads its reads over the interval instead of being throttled. Every attempt
/// takes one, retries included, as in the SDKs' adaptive mode. A throttling answer slows the
/// family's bucket down (``recordThrottle(_:)``), and successes let it recover.
///
/// Calls outside every family (STS, DynamoDB: the lease must never wait behind reads) are
/// not budgeted.
public actor APIBudget {
    /// A group of operations AWS throttles with one bucket.
    public enum Family: String, Sendable, Hashable, CaseIterable, Comparable {
        /// ECS `DescribeServices`, `ListServices`.
        case ecsServiceRead = "ecs-service-read"
        /// ECS `UpdateService`, `CreateService`, `DeleteService`.
        case ecsServiceWrite = "ecs-service-write"
        /// Any other ECS operation (cluster and task reads, task definitions).
        case ecsOther = "ecs-other"
        /// Application Auto Scaling `Describe*`.
        case applicationAutoScalingRead = "application-autoscaling-read"
        /// Any other Application Auto Scaling operation (`RegisterScalableTarget`, policies).
        case applicationAutoScalingWrite = "application-autoscaling-write"
        /// EC2 Auto Scaling `Describe*`.
        case autoScalingRead = "autoscaling-read"
        /// Any other EC2 Auto Scaling operation (`SetDesiredCapacity`, `UpdateAutoScalingGroup`, …).
        case autoScalingWrite = "autoscaling-write"
        /// CloudWatch `GetMetricData`.
        case cloudWatchGetMetricData = "cloudwatch-getmetricdata"

        public static func < (lhs: Family, rhs: Family) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The family of an operation of the service with signing name `service`; `nil` for
        /// calls the budget does not pace.
        public static func of(service: String, operation: String) -> Family? {
            switch service {
            case "ecs":
                switch operation {
                case "DescribeServices", "ListServices": return .ecsServiceRead
                case "UpdateService", "CreateService", "DeleteService": return .ecsServiceWrite
                default: return .ecsOther
                }
            case "application-autoscaling":
                return operation.hasPrefix("Describe") ? .applicationAutoScalingRead : .applicationAutoScalingWrite
            case "autoscaling":
                return operation.hasPrefix("Describe") ? .autoScalingRead : .autoScalingWrite
            case "monitoring":
                return operation == "GetMetricData" ? .cloudWatchGetMetricData : nil
            default:
                return nil
            }
        }
    }

    /// A bucket's shape: sustained calls per second and the burst.
    public struct Limit: Sendable, Hashable, CustomStringConvertible {
        public var rate: Double
        public var burst: Double

        public init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
        }

        public var description: String { "\(Self.number(rate))/s, burst \(Self.number(burst))" }

        private static func number(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }
    }

    /// Whose calls a bucket paces: an account (or `default` when unknown), a region, a family.
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        public var account: String
        public var region: String
        public var family: Family

        public init(account: String, region: String, family: Family) {
            self.account = account
            self.region = region
            self.family = family
        }

        public var description: String { "\(family.rawValue) in \(account)/\(region)" }
    }

    /// AWS's published limits where there are any, conservative guesses where AWS publishes
    /// none (each overridable, see ``parseOverride(_:)``):
    /// - ECS service reads 20/s, burst 100; other ECS reads 20/s, burst 50 (the ECS API
    ///   reference, "Request throttling for the Amazon ECS API");
    /// - CloudWatch `GetMetricData` 50/s (the CloudWatch quotas page);
    /// - ECS service writes, Application Auto Scaling and EC2 Auto Scaling: not published
    ///   per operation; 5/s (writes) and 10/s (reads) with small bursts.
    public static let defaultLimits: [Family: Limit] = [
        .ecsServiceRead: Limit(rate: 20, burst: 100),
        .ecsServiceWrite: Limit(rate: 5, burst: 20),
        .ecsOther: Limit(rate: 20, burst: 50),
        .applicationAutoScalingRead: Limit(rate: 10, burst: 40),
        .applicationAutoScalingWrite: Limit(rate: 5, burst: 20),
        .autoScalingRead: Limit(rate: 10, burst: 40),
        .autoScalingWrite: Limit(rate: 5, burst: 20),
        .cloudWatchGetMetricData: Limit(rate: 50, burst: 50),
    ]

    /// The limits in force.
    public nonisolated let limits: [Family: Limit]
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private var buckets: [Key: TokenBucket] = [:]
    private var throttles: [Key: Int] = [:]

    /// A budget with `limits` (the defaults where a family is missing); the clock (seconds,
    /// monotonic) and the sleep are injected for tests.
    public init(
        limits: [Family: Limit] = [:],
        now: @escaping @Sendable () -> Double = APIBudget.monotonicSeconds,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.limits = Self.defaultLimits.merging(limits) { _, override in override }
        self.now = now
        self.sleep = sleep
    }

    private static let origin = ContinuousClock.now

    /// Seconds on the monotonic clock.
    public static let monotonicSeconds: @Sendable () -> Double = {
        let elapsed = ContinuousClock.now - origin
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Takes a token for one call, waiting until there is one.
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire(_ key: Key) async throws {
        let wait = withBucket(key) { $0.reserve(at: now()) }
        if wait > 0 { try await sleep(wait) }
    }

    /// AWS throttled a call of `key`'s family.
    public func recordThrottle(_ key: Key) {
        throttles[key, default: 0] += 1
        withBucket(key) { $0.recordThrottle(at: now()) }
    }

    /// A call of `key`'s family went through.
    public func recordSuccess(_ key: Key) {
        guard buckets[key] != nil else { return }
        withBucket(key) { $0.recordSuccess(at: now()) }
    }

    /// Calls `key`'s family can make over the next `seconds` without waiting past them.
    public func available(_ key: Key, over seconds: Double) -> Double {
        if let bucket = buckets[key] { return bucket.available(at: now(), over: seconds) }
        let limit = limits[key.family] ?? Limit(rate: 1, burst: 1)
        return (limit.burst + limit.rate * max(seconds, 0)) * Self.margin
    }

    /// Every bucket used so far: its current fill rate and the throttles AWS answered.
    public func usage() -> [Key: (rate: Double, throttles: Int)] {
        var result: [Key: (rate: Double, throttles: Int)] = [:]
        for (key, bucket) in buckets { result[key] = (bucket.rate, throttles[key] ?? 0) }
        return result
    }

    /// The share of each limit the buckets use. A client pacing at exactly AWS's rate is
    /// throttled whenever network jitter brings two calls closer than it sent them; a tenth
    /// of slack absorbs that.
    public static let margin = 0.9

    private func withBucket<Result>(_ key: Key, _ body: (inout TokenBucket) -> Result) -> Result {
        var bucket = buckets[key] ?? {
            let limit = limits[key.family] ?? Limit(rate: 1, burst: 1)
            return TokenBucket(rate: limit.rate * Self.margin, burst: limit.burst * Self.margin, now: now())
        }()
        let result = body(&bucket)
        buckets[key] = bucket
        return result
    }

    /// Parses `FAMILY=RATE/BURST` (e.g. `ecs-service-read=40/200`) or `FAMILY=RATE` (burst
    /// equal to the rate).
    /// - Throws: ``AWSClientError`` naming the text and what was expected.
    public static func parseOverride(_ text: String) throws -> (Family, Limit) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        let expected = "FAMILY=RATE/BURST with FAMILY one of \(Family.allCases.map(\.rawValue).joined(separator: ", "))"
        guard parts.count == 2, let family = Family(rawValue: parts[0]) else {
            throw AWSClientError.invalidSetting(text, source: "API budget", expected: expected)
        }
        let numbers = parts[1].split(separator: "/").map { Double($0) }
        guard (1...2).contains(numbers.count), let rate = numbers[0], rate > 0,
            let burst = numbers.count == 2 ? numbers[1] : rate, burst >= 1
        else {
            throw AWSClientError.invalidSetting(text, source: "API budget", expected: "a positive RATE and a BURST of at least 1 (\(expected))")
        }
        return (family, Limit(rate: rate, burst: burst))
    }
}
