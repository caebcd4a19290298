/// What Headroom does about AWS's own scaling on a target it would write: Application Auto
/// Scaling or EC2 Auto Scaling policies and scheduled actions, another controller that would
/// fight it for the desired count.
public enum AWSScalingMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Never write such a target; report it, naming each AWS policy and action (the default).
    case refuse = "Refuse"
    /// Adopt it: suspend AWS's dynamic scaling (and its scheduled scaling when the policy has
    /// schedules of its own), record what was suspended, then scale. `headroom release`
    /// resumes exactly that.
    case suspend = "Suspend"
}
