import Foundation

/// A client-side token bucket that paces calls to one AWS API family, with the AWS SDKs'
/// *adaptive* retry mode on top: the fill rate drops when AWS throttles and climbs back.
///
/// AWS throttles each account and region with token buckets of its own (a burst size and a
/// sustained refill rate per API family). Keeping a bucket of the same shape on the client
/// makes a large fleet wait its turn instead of being throttled: ``reserve(at:)`` takes a
/// token and answers how long the call must wait for it. Tokens may go below zero, so
/// concurrent callers queue behind each other in the order they reserved.
///
/// On a throttling answer ``recordThrottle(at:)`` cuts the fill rate to ``beta`` of what it
/// was; afterwards ``recordSuccess(at:)`` lets it grow back along the SDKs' CUBIC curve
/// (`rate(t) = C·(t − K)³ + rateBeforeThrottle`, `K = ∛(rateBeforeThrottle·(1 − β)/C)`)
/// until it reaches the configured rate again. Times are seconds on a monotonic clock,
/// injected so the bucket is a pure value.
public struct TokenBucket: Sendable, Hashable {
    /// The SDKs' CUBIC scale constant.
    public static let scaleConstant = 0.4
    /// The SDKs' multiplicative decrease on a throttle.
    public static let beta = 0.7
    /// The slowest the bucket ever fills, so one bad minute never stalls a family for long.
    public static let minimumRate = 0.5

    /// The most tokens the bucket holds: the burst.
    public let capacity: Double
    /// The sustained rate it was configured with, tokens per second.
    public let configuredRate: Double
    /// The rate it fills at now: the configured rate, or less after throttling.
    public private(set) var rate: Double
    /// Tokens in the bucket at ``lastUpdate``; negative while callers are queued.
    public private(set) var tokens: Double
    private var lastUpdate: Double
    private var rateBeforeThrottle: Double
    private var lastThrottle: Double?

    /// A full bucket of `burst` tokens filling at `rate` per second.
    public init(rate: Double, burst: Double, now: Double) {
        let rate = max(rate, Self.minimumRate)
        self.capacity = max(burst, 1)
        self.configuredRate = rate
        self.rate = rate
        self.tokens = max(burst, 1)
        self.lastUpdate = now
        self.rateBeforeThrottle = rate
    }

    /// Takes one token; returns the seconds to wait before the call may be sent (0 when a
    /// token was there).
    public mutating func reserve(at now: Double) -> Double {
        refill(to: now)
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }

    /// Tokens the bucket can give from `now` over the next `seconds` without anyone waiting
    /// past them: what is in it plus what flows in.
    public func available(at now: Double, over seconds: Double) -> Double {
        var copy = self
        copy.refill(to: now)
        return copy.tokens + copy.rate * max(seconds, 0)
    }

    /// AWS throttled a call: fill more slowly from now on.
    public mutating func recordThrottle(at now: Double) {
        refill(to: now)
        rateBeforeThrottle = rate
        rate = max(Self.minimumRate, rate * Self.beta)
        lastThrottle = now
    }

    /// A call went through: let a throttled rate grow back toward the configured one.
    public mutating func recordSuccess(at now: Double) {
        guard let lastThrottle, rate < configuredRate else { return }
        refill(to: now)
        let k = cbrt(rateBeforeThrottle * (1 - Self.beta) / Self.scaleConstant)
        let elapsed = now - lastThrottle
        let cubic = Self.scaleConstant * pow(elapsed - k, 3) + rateBeforeThrottle
        rate = min(configuredRate, max(rate, cubic))
        if rate >= configuredRate { self.lastThrottle = nil }
    }

    private mutating func refill(to now: Double) {
        guard now > lastUpdate else { return }
        tokens = min(capacity, tokens + (now - lastUpdate) * rate)
        lastUpdate = now
    }
}
