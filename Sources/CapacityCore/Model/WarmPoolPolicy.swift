/// An EC2 Auto Scaling warm pool: pre-initialized instances that start in seconds instead of minutes.
///
/// Sizing follows EC2 Auto Scaling: the pool holds `maxGroupPreparedCapacity − desired`
/// (or `max − desired` when it is unset), never fewer than `minSize`.
public struct WarmPoolPolicy: Sendable, Hashable, Codable {
    public enum PoolState: String, Sendable, Hashable, Codable {
        case stopped = "Stopped"
        case running = "Running"
        case hibernated = "Hibernated"
    }

    public var minSize: Int
    /// The most instances that may be prepared in the group and the pool together; `nil` uses the group's max.
    public var maxGroupPreparedCapacity: Int?
    public var poolState: PoolState
    /// Scaled-in instances return to the pool instead of being terminated.
    public var reuseOnScaleIn: Bool

    public init(minSize: Int = 0, maxGroupPreparedCapacity: Int? = nil, poolState: PoolState = .stopped, reuseOnScaleIn: Bool = false) {
        self.minSize = minSize
        self.maxGroupPreparedCapacity = maxGroupPreparedCapacity
        self.poolState = poolState
        self.reuseOnScaleIn = reuseOnScaleIn
    }
}
