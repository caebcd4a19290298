import CapacityCore
import Foundation
import Logging

extension Reconciler {
    /// What ``settleAWSScaling(_:_:_:_:_:actuate:mayWrite:)`` found: the error that stops the
    /// write, if any, and the switches suspended (or, in a dry run, to suspend) first.
    struct AWSScalingSettlement {
        var refusal: TargetError?
        var suspends: [String] = []
    }

    /// Right before writing `target`: reads AWS's own scaling on it and, when some would still
    /// act, refuses the target (`AWSScaling: Refuse`, the default) or adopts it
    /// (`AWSScaling: Suspend`): suspends what acts, records what it suspended in `record`
    /// and the state store at once (so `headroom release` can resume exactly that even if
    /// the process dies next), and journals it. A failed read refuses too: Headroom never
    /// writes a target it could not check.
    ///
    /// - Parameter read: AWS's own scaling on the target as this tick already read it with the
    ///   tick's other writers; `nil` reads it now.
    func settleAWSScaling(
        _ policy: CapacityPolicy, _ target: TargetReference, _ state: TargetState, _ record: inout TargetRecord,
        key: String, through backend: (any CapacityBackend)?, read: Result<ForeignScaling, TargetError>? = nil, _ now: Date,
        actuate: Bool, mayWrite: @Sendable () async -> Bool
    ) async -> AWSScalingSettlement {
        guard let backend else {
            return AWSScalingSettlement(refusal: .unavailable("\(target): no connection to its region and account"))
        }
        let scaling: ForeignScaling
        do {
            if let read {
                scaling = try read.get()
            } else {
                scaling = try await backend.awsScaling(of: target)
            }
        } catch {
            return AWSScalingSettlement(refusal: error)
        }
        let active = scaling.active(for: target, under: policy)
        guard !active.isEmpty else { return AWSScalingSettlement() }
        let named = active.map(\.description).joined(separator: ", ")
        guard policy.awsScaling == .suspend else {
            return AWSScalingSettlement(refusal: .competing(
                "\(target): \(scaling.service) scales it too: \(named). Headroom does not fight another controller: "
                    + "delete them, or set `AWSScaling: Suspend` in policy '\(policy.name)' to suspend them while Headroom "
                    + "scales (`headroom release \(target)` resumes them)"))
        }
        let stuck = active.filter { !$0.suspendable }
        guard stuck.isEmpty else {
            return AWSScalingSettlement(refusal: .competing(
                "\(target): \(scaling.service) scales it with \(stuck.map(\.description).joined(separator: ", ")), "
                    + "which suspending cannot stop: delete it or set its mode to ForecastOnly"))
        }
        let switches = scaling.switchesToSuspend(for: target, under: policy)
        guard actuate else { return AWSScalingSettlement(suspends: switches) }
        guard await mayWrite() else {
            return AWSScalingSettlement(refusal: .unavailable("\(target): not adopted: this replica may no longer hold the lease"))
        }
        do {
            try await backend.suspendAWSScaling(target, switches)
        } catch {
            return AWSScalingSettlement(refusal: error)
        }
        let items = active.map(\.description)
        record.adoption = record.adoption?.adding(switches, awsScaling: items)
            ?? AdoptionRecord(suspended: switches, time: now, awsScaling: items)
        records[key] = record
        do {
            try await store.save(records)
        } catch {
            logger.error("could not save the adoption record; it is saved again at the end of the tick", metadata: [
                "target": "\(target)", "error": "\(error)",
            ])
        }
        logger.notice("adopted: suspended AWS's own scaling", metadata: [
            "target": "\(target)", "suspended": "\(switches.joined(separator: ","))", "awsScaling": "\(named)",
        ])
        await journalAdoption(
            .adopt, target: target, policy: policy.name, state: state, time: now,
            message: "suspended \(switches.joined(separator: ", ")) of \(scaling.service): \(named)")
        return AWSScalingSettlement(suspends: switches)
    }

    private func journalAdoption(
        _ action: DecisionJournal.Entry.AdoptionAction, target: TargetReference, policy: String, state: TargetState, time: Date,
        message: String
    ) async {
        do {
            try await journal.append(.init(action, target: target, policy: policy, state: state, time: time, message: message))
        } catch {
            logger.error("could not write the decision journal", metadata: ["error": "\(error)"])
        }
    }
}

extension DecisionJournal.Entry {
    /// `adopt` (Headroom suspended AWS's own scaling) or `release` (it resumed it).
    public enum AdoptionAction: String, Sendable {
        case adopt
        case release
    }

    /// The line for an adoption or release of `target`, with the count and bounds AWS had.
    public init(
        _ action: AdoptionAction, target: TargetReference, policy: String, state: TargetState, time: Date, message: String
    ) {
        let code = action == .adopt ? "aws-scaling-suspended" : "aws-scaling-resumed"
        self.init(
            time: time.formatted(.iso8601), target: target.description, policy: policy, action: action.rawValue,
            before: state.desired, after: state.desired, recommendation: nil,
            min: state.bounds?.min ?? 0, max: state.bounds?.max ?? state.desired, dryRun: false,
            reasons: [Reason(code: code, message: message)], error: nil)
    }
}
