/// Upper bounds that keep every number in a policy far from overflow in the planner's arithmetic.
enum PolicyLimits {
    /// Unit counts: no ECS service or Auto Scaling group comes near a million units.
    static let capacity = 0...1_000_000
    /// Durations in seconds: up to a year.
    static let seconds = 0...31_536_000
    /// Rate-limit and alarm periods: up to a day.
    static let period = 1...86_400
    /// Metrics per policy.
    static let metrics = 50
    /// Scheduled actions per policy (Application Auto Scaling allows 200 per scalable target).
    static let scheduledActions = 200
    /// Rate limits per direction.
    static let rateLimits = 20
}
