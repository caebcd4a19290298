import Foundation

/// What `/healthz` and `/readyz` report: shared between the loop and the HTTP server.
public actor ControllerStatus {
    public private(set) var configurationLoaded = false
    public private(set) var credentialsValid: Bool?
    public private(set) var role: Role = .starting
    public private(set) var lastReconcile: Date?
    public private(set) var lastFailures = 0

    public enum Role: String, Sendable {
        case starting
        case leader
        case standby
        case single = "single-replica"
    }

    public init() {}

    public func configurationLoaded(_ loaded: Bool) { configurationLoaded = loaded }
    public func credentials(valid: Bool) { credentialsValid = valid }
    public func role(_ role: Role) { self.role = role }

    public func reconciled(at time: Date, failures: Int) {
        lastReconcile = time
        lastFailures = failures
    }

    /// Ready when the configuration is loaded, credentials were not found invalid, and the
    /// replica knows whether it leads.
    public var readiness: (ready: Bool, detail: [String: String]) {
        let ready = configurationLoaded && credentialsValid != false && role != .starting
        var detail = [
            "configuration": configurationLoaded ? "loaded" : "not loaded",
            "credentials": credentialsValid.map { $0 ? "valid" : "invalid" } ?? "unchecked",
            "role": role.rawValue,
        ]
        if let lastReconcile { detail["lastReconcile"] = lastReconcile.formatted(.iso8601) }
        detail["lastReconcileFailures"] = String(lastFailures)
        return (ready, detail)
    }
}
