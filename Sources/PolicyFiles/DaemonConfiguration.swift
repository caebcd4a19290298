/// Settings of `headroom run` and `headroom plan`: what to scale, how often, where metrics
/// come from, the lease, and where to listen and write.
///
/// Every setting has a flag and a `HEADROOM_*` environment variable; precedence is
/// flag, then environment, then file, then these defaults.
public struct DaemonConfiguration: Sendable, Hashable {
    /// Policy files or folders of them.
    public var policies: [String] = []
    public var intervalSeconds: Int = 15
    public var region: String?
    public var profile: String?
    /// Read CloudWatch metrics (on unless turned off: most policies use it).
    public var cloudWatch: Bool = true
    /// Prometheus base URL, e.g. `http://127.0.0.1:9090`; `nil` when not used.
    public var prometheusURL: String?
    /// DynamoDB table for the leader lease and decision state; `nil` runs as the only replica.
    public var leaseTable: String?
    public var leaseName: String = "headroom"
    public var leaseDurationSeconds: Int = 30
    /// `HOST:PORT` for `/metrics`, `/healthz`, `/readyz`.
    public var listen: String = "127.0.0.1:9464"
    /// Decision journal (JSON lines); `nil` keeps it in memory only.
    public var journalPath: String?
    /// Local decision-state file; `nil` keeps state in memory (and in the lease table if any).
    public var statePath: String?
    /// Pace AWS calls with a client-side token bucket per account, region and API family.
    public var apiBudget: Bool = true
    /// Overrides of the budget's limits, each `FAMILY=RATE/BURST` (see `APIBudget`).
    public var apiLimitOverrides: [String] = []

    public init() {}
}
