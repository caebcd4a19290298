/// The retry token bucket of the AWS SDKs' standard mode, shared by every call of one client.
///
/// A retry takes tokens (more for a timeout); a success after retries returns what the
/// last retry took, a success at the first attempt adds one. When the bucket cannot pay for
/// a retry, the call fails with its last error instead of adding load to a struggling service.
public actor RetryQuota {
    /// The bucket's size and prices.
    public struct Configuration: Sendable, Hashable {
        /// Tokens in a full bucket.
        public var capacity: Int
        /// Tokens a retry costs.
        public var retryCost: Int
        /// Tokens a retry after a timeout costs.
        public var timeoutRetryCost: Int
        /// Tokens a success at the first attempt adds back.
        public var successIncrement: Int

        /// Creates a configuration; the defaults are the SDKs' (500, 5, 10, 1).
        public init(capacity: Int = 500, retryCost: Int = 5, timeoutRetryCost: Int = 10, successIncrement: Int = 1) {
            self.capacity = max(0, capacity)
            self.retryCost = max(0, retryCost)
            self.timeoutRetryCost = max(0, timeoutRetryCost)
            self.successIncrement = max(0, successIncrement)
        }
    }

    /// The prices and size of this bucket.
    public nonisolated let configuration: Configuration
    /// Tokens left.
    public private(set) var available: Int

    /// Creates a full bucket.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.available = configuration.capacity
    }

    /// Takes the price of a retry for `reason`; returns what was taken, or `nil` (taking
    /// nothing) when the bucket cannot pay.
    public func acquire(for reason: RetryReason) -> Int? {
        let cost = reason == .timeout ? configuration.timeoutRetryCost : configuration.retryCost
        guard available >= cost else { return nil }
        available -= cost
        return cost
    }

    /// Records a successful call: returns `lastRetryCost` when the success came after a
    /// retry, otherwise adds the success increment. Never exceeds the capacity.
    public func recordSuccess(lastRetryCost: Int?) {
        available = min(configuration.capacity, available + (lastRetryCost ?? configuration.successIncrement))
    }
}
