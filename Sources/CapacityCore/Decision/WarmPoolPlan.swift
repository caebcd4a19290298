/// The warm pool a target should have after a decision, in EC2 Auto Scaling's terms.
public struct WarmPoolPlan: Sendable, Hashable, Codable {
    public var minSize: Int
    public var maxGroupPreparedCapacity: Int?
    public var poolState: WarmPoolPolicy.PoolState
    public var reuseOnScaleIn: Bool
    /// Instances the pool holds for this decision's desired count.
    public var poolSize: Int

    public init(policy: WarmPoolPolicy, desired: Int, groupMax: Int) {
        minSize = policy.minSize
        maxGroupPreparedCapacity = policy.maxGroupPreparedCapacity
        poolState = policy.poolState
        reuseOnScaleIn = policy.reuseOnScaleIn
        poolSize = Self.size(policy: policy, desired: desired, groupMax: groupMax)
    }

    /// EC2 Auto Scaling's rule: `max(MinSize, (MaxGroupPreparedCapacity ?? MaxSize) − desired)`.
    public static func size(policy: WarmPoolPolicy, desired: Int, groupMax: Int) -> Int {
        let prepared = policy.maxGroupPreparedCapacity ?? groupMax
        return Swift.max(policy.minSize, prepared - desired, 0)
    }
}
