/// How far a multi-policy run has come, in policy-steps, shared by the runner's child tasks.
public actor RunProgress {
    /// All policy-steps of the run: steps × policies.
    public let total: Int
    public private(set) var done = 0

    public init(total: Int) {
        self.total = total
    }

    func add(_ steps: Int) {
        done += steps
    }

    /// Between 0 and 1.
    public var fraction: Double {
        total > 0 ? Double(done) / Double(total) : 1
    }
}
