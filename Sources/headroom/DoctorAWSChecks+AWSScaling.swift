import CapacityCore
import Controller

extension DoctorAWSChecks {
    /// Whether AWS's own scaling acts on the target: a FAIL when the policy would refuse the
    /// target (`AWSScaling: Refuse`), an `ok` saying what adoption suspends otherwise.
    static func checkAWSScaling(
        _ policy: CapacityPolicy, _ target: TargetReference, file: String, backend: any CapacityBackend,
        into report: inout DoctorReport
    ) async {
        let label = "\(target) AWS scaling"
        let scaling: ForeignScaling
        do {
            scaling = try await backend.awsScaling(of: target)
        } catch {
            report.fail(
                label, error.message,
                fix: "Headroom writes no target it cannot check: " + fix(for: error, target, file: file, region: policy.region ?? "its region"))
            return
        }
        let active = scaling.active(for: target, under: policy)
        guard !active.isEmpty else {
            report.ok(label, scaling.policies.isEmpty && scaling.scheduledActions.isEmpty ? "none" : "suspended, none acts")
            return
        }
        let named = active.map(\.description).joined(separator: ", ")
        if let stuck = active.first(where: { !$0.suspendable }) {
            report.fail(label, "\(scaling.service): \(stuck) keeps scaling whatever is suspended", fix: "delete it or set its mode to ForecastOnly")
            return
        }
        switch policy.awsScaling {
        case .refuse:
            report.fail(
                label, "\(scaling.service) scales it too: \(named); Headroom refuses to write it",
                fix: "delete them, or set `AWSScaling: Suspend` in \(file) so Headroom suspends them (`headroom release \(target)` resumes them); "
                    + "`headroom policy import \(target)` writes an equivalent policy")
        case .suspend:
            let switches = scaling.switchesToSuspend(for: target, under: policy)
            report.ok(label, "\(scaling.service): \(named); adopted on the first write (suspends \(switches.joined(separator: ", ")))")
        }
    }
}
