/// When and how long to wait before trying a failed call again: the AWS SDKs' *standard*
/// retry mode.
///
/// Retries transient failures (HTTP 5xx, request-timeout codes, connection failures,
/// timeouts) and throttling (``AWSError/throttlingCodes``, HTTP 429); never other 4xx.
/// Waits use full jitter, `random(0, min(maxBackoff, baseDelay · 2^attempt))`, where
/// `attempt` counts the attempts made so far (1 before the first retry), as in the AWS SDK
/// for Go v2. Randomness and sleeping are injected so tests run fast and deterministic.
public struct RetryStrategy: Sendable {
    /// Attempts per call, the first included (at least 1).
    public var maxAttempts: Int
    /// The multiplier of the exponential backoff.
    public var baseDelay: Duration
    /// The longest single wait.
    public var maxBackoff: Duration
    /// The token bucket every client built with this strategy starts with.
    public var quota: RetryQuota.Configuration
    /// Returns a uniformly distributed number in `0..<1`.
    public var random: @Sendable () -> Double
    /// Waits for a duration; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a strategy; the defaults are the SDKs' standard mode.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .seconds(1),
        maxBackoff: Duration = .seconds(20),
        quota: RetryQuota.Configuration = RetryQuota.Configuration(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.quota = quota
        self.random = random
        self.sleep = sleep
    }

    /// The SDKs' standard mode: 3 attempts, 1 s base, 20 s cap, a 500-token quota.
    public static var standard: RetryStrategy { RetryStrategy() }

    /// The wait before the next attempt after `attempt` attempts have failed.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        let ceiling = min(maxBackoff, baseDelay * (1 << exponent))
        let fraction = min(max(random(), 0), 1)
        return ceiling * fraction
    }

    /// Why a failure may be retried, or `nil` when it must not be.
    public func retryReason(for error: any Error) -> RetryReason? {
        switch error {
        case let error as AWSError:
            if error.isThrottling { return .throttling }
            if error.isTransient { return .transient }
            return nil
        case let error as HTTPTransportError:
            if error.code == .timedOut { return .timeout }
            if error.code == .connectionFailed { return .transient }
            return nil
        default:
            return nil
        }
    }
}

/// Why a failed attempt is retried; timeouts cost more retry quota.
public enum RetryReason: String, Sendable, Hashable {
    /// HTTP 5xx, a request-timeout code, or a broken connection.
    case transient
    /// The service throttled the call.
    case throttling
    /// The transport's deadline passed.
    case timeout
}
