import Foundation

/// What `/healthz` and `/readyz` report: shared between the loop and the HTTP server.
public actor ControllerStatus {
    public private(set) var configurationLoaded = false
    public private(set) var credentialsValid: Bool?
    public private(set) var role: Role = .starting
    public private(set) var lastReconcile: Date?
    public private(set) var lastFailures = 0
    /// Reconciles finished since the daemon started: a cheap progress signal for scripts,
    /// which would otherwise render all of `/metrics` (11 MB at 10,000 targets) to read it.
    public private(set) var reconciles = 0
    /// Targets left undecided, summed over every reconcile since the daemon started (no
    /// metrics read, no recent counts, or a write waiting for a describe): unchanged across a
    /// stretch of ticks means each of them decided every target.
    public private(set) var undecidedTargets = 0
    /// Why the lease cannot be read or written, while it cannot.
    public private(set) var leaseFailure: String?

    public enum Role: String, Sendable {
        case starting
        case leader
        case standby
        case single = "single-replica"
        /// The lease cannot be read or written: neither leader nor standby.
        case leaseUnavailable = "lease-unavailable"
    }

    public init() {}

    public func configurationLoaded(_ loaded: Bool) { configurationLoaded = loaded }
    public func credentials(valid: Bool) { credentialsValid = valid }
    public func role(_ role: Role) { self.role = role }
    public func lease(failure: String?) { leaseFailure = failure }

    public func reconciled(at time: Date, failures: Int, undecided: Int = 0) {
        lastReconcile = time
        lastFailures = failures
        reconciles += 1
        undecidedTargets += undecided
    }

    /// Ready when the configuration is loaded, credentials were not found invalid, the lease
    /// (when there is one) answers, and the replica knows whether it leads.
    public var readiness: (ready: Bool, detail: [String: String]) {
        let ready = configurationLoaded && credentialsValid != false && role != .starting && leaseFailure == nil
        var detail = [
            "configuration": configurationLoaded ? "loaded" : "not loaded",
            "credentials": credentialsValid.map { $0 ? "valid" : "invalid" } ?? "unchecked",
            "role": role.rawValue,
        ]
        if let lastReconcile { detail["lastReconcile"] = lastReconcile.formatted(.iso8601) }
        detail["lastReconcileFailures"] = String(lastFailures)
        detail["reconciles"] = String(reconciles)
        detail["undecidedTargets"] = String(undecidedTargets)
        if let leaseFailure { detail["lease"] = leaseFailure }
        return (ready, detail)
    }
}
