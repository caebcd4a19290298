import CapacityCore
import Foundation
import Logging
import MetricSources

/// Each tick, for all targets at once: observe (one batched describe), read metrics (one
/// batched read), decide with ``CapacityPlanner`` — the same code the simulator runs — and
/// write only where the decision differs from what AWS has.
///
/// One target's failure never stops the others. A target's planner memory is committed only
/// when its writes succeeded, so a failed write is decided again next tick rather than
/// remembered as done.
public actor Reconciler {
    private var policies: [CapacityPolicy]
    var records: [String: TargetRecord] = [:]
    let backend: any CapacityBackend
    private let metrics: any MetricSource
    let store: any DecisionStateStore
    let journal: DecisionJournal
    let recorder: ControllerMetrics?
    let logger: Logger
    let historyLoader: ForecastHistoryLoader?
    var historyReads: [SeedAttempt: HistoryRead] = [:]
    /// Whether a tick reads missing forecast history itself (one-shot `plan` and `run --once`)
    /// or leaves it to ``seedPendingHistory(at:)`` in the background (the daemon's loop).
    var seedsHistoryInTick = true
    private var loaded = false

    public init(
        policies: [CapacityPolicy],
        backend: any CapacityBackend,
        metrics: any MetricSource,
        store: any DecisionStateStore,
        journal: DecisionJournal,
        recorder: ControllerMetrics? = nil,
        history: (any MetricHistorySource)? = nil,
        logger: Logger = Logger(label: "headroom.reconciler")
    ) {
        self.historyLoader = history.map(ForecastHistoryLoader.init(source:))
        self.policies = policies.filter { $0.target != nil }
        self.backend = backend
        self.metrics = metrics
        self.store = store
        self.journal = journal
        self.recorder = recorder
        self.logger = logger
    }

    /// Replaces the policies (after a reload); memory of targets that stay is kept.
    public func update(policies: [CapacityPolicy]) {
        self.policies = policies.filter { $0.target != nil }
    }

    public var currentPolicies: [CapacityPolicy] { policies }

    /// The memory kept for a target, for tests and diagnostics.
    public func record(for target: TargetReference) -> TargetRecord? {
        records[target.description]
    }

    /// One reconcile at `now`. With `actuate` false nothing is written and nothing remembered:
    /// that is `plan` and `run --dry-run`.
    ///
    /// - Parameter mayWrite: asked again right before each write. A tick can take long (slow
    ///   or retried reads), and a replica whose lease could run out meanwhile must not write:
    ///   when it answers `false` the write is skipped, the target reported as failed and
    ///   nothing remembered, so the next leader decides afresh.
    public func reconcile(
        at now: Date, actuate: Bool, mayWrite: @Sendable () async -> Bool = { true }
    ) async -> ReconcileReport {
        await loadRecordsOnce()
        let policies = self.policies
        if seedsHistoryInTick { await seedForecastHistory(policies, at: now) }
        let targets = policies.compactMap(\.target)
        let states = await backend.describe(targets)

        var queries: [MetricQuery] = []
        for policy in policies { queries.append(contentsOf: policy.metrics.map(\.source)) }
        let readings = queries.isEmpty ? [] : await metrics.latest(queries, at: now)

        var outcomes: [TargetOutcome] = []
        var offset = 0
        for policy in policies {
            let count = policy.metrics.count
            let slice = Array(readings[offset..<min(offset + count, readings.count)])
            offset += count
            guard let target = policy.target else { continue }
            let outcome = await reconcile(policy, target, states[target], slice, now, actuate: actuate, mayWrite: mayWrite)
            outcomes.append(outcome)
        }
        if actuate {
            do {
                try await store.save(records)
            } catch {
                logger.error("could not save decision state", metadata: ["error": "\(error)"])
            }
        }
        return ReconcileReport(outcomes: outcomes)
    }

    private func loadRecordsOnce() async {
        guard !loaded else { return }
        loaded = true
        do {
            records = try await store.load()
        } catch {
            logger.error("could not load decision state; starting without history", metadata: ["error": "\(error)"])
        }
    }

    private func reconcile(
        _ policy: CapacityPolicy, _ target: TargetReference, _ described: Result<TargetState, TargetError>?,
        _ readings: [MetricReading], _ now: Date, actuate: Bool, mayWrite: @Sendable () async -> Bool
    ) async -> TargetOutcome {
        var outcome = TargetOutcome(target: target, policy: policy.name, state: nil, decision: nil, actions: [], error: nil)
        let state: TargetState
        switch described {
        case .success(let value): state = value
        case .failure(let error):
            outcome.error = error
            logger.warning("skipping target", metadata: ["target": "\(target)", "error": "\(error)"])
            recorder?.targetFailed(target, kind: error.kind)
            return outcome
        case nil:
            outcome.error = .unavailable("no description returned")
            return outcome
        }
        outcome.state = state

        let key = target.description
        var record = records[key] ?? TargetRecord()
        let warmup = policy.instanceWarmupSeconds
        // A policy with schedules owns the target's bounds and writes them; otherwise the
        // target's own bounds (set by a person or another tool) are a constraint to respect.
        let ownsBounds = !policy.schedules.isEmpty
        let observation = Observation(
            time: now,
            currentCapacity: state.desired,
            readyUnits: state.running,
            warmingUnits: record.warmingUnits(at: now, warmupSeconds: warmup, running: state.running),
            readings: readings,
            externalBounds: ownsBounds ? nil : state.bounds)
        var planner = CapacityPlanner(policy: policy, memory: record.memory)
        let decision = planner.decide(observation)
        outcome.decision = decision
        outcome.forecast = forecastStatus(ForecastStatus(policy: policy, memory: planner.memory), policy: policy, target: target)
        recorder?.observed(target, policy: policy, state: state, readings: readings, decision: decision)

        var actions: [TargetOutcome.Action] = []
        if ownsBounds, state.bounds != decision.bounds {
            actions.append(.setBounds(from: state.bounds, to: decision.bounds))
        }
        if decision.desired != state.desired {
            actions.append(.setDesired(from: state.desired, to: decision.desired))
        }
        if let plan = decision.warmPool, state.warmPool.map({ !$0.sameConfiguration(as: plan) }) ?? true {
            actions.append(.putWarmPool(plan))
        }
        outcome.actions = actions

        if !actions.isEmpty {
            let settled = await settleAWSScaling(policy, target, state, &record, now, actuate: actuate, mayWrite: mayWrite)
            outcome.suspendsAWSScaling = settled.suspends
            if let refusal = settled.refusal {
                outcome.error = refusal
                logger.warning("not written", metadata: ["target": "\(target)", "error": "\(refusal)"])
                recorder?.targetFailed(target, kind: refusal.kind)
                return outcome
            }
        }
        guard actuate else {
            await journalDecision(decision, target, policy, dryRun: true)
            return outcome
        }
        for action in actions {
            guard await mayWrite() else {
                let error = TargetError.unavailable("\(target): not written: this replica may no longer hold the lease")
                outcome.error = error
                logger.warning("write skipped: leadership could end before it completes", metadata: ["target": "\(target)", "action": "\(action)"])
                recorder?.targetFailed(target, kind: error.kind)
                return outcome
            }
            do {
                try await perform(action, on: target)
            } catch {
                outcome.error = error
                logger.warning("write failed", metadata: ["target": "\(target)", "action": "\(action)", "error": "\(error)"])
                recorder?.targetFailed(target, kind: error.kind)
                await journalDecision(decision, target, policy, dryRun: false, error: "\(action): \(error)")
                return outcome
            }
        }
        if !actions.isEmpty { recorder?.actuated(target, at: now) }
        record.memory = planner.memory
        record.recordLaunch(of: max(0, decision.desired - state.desired), at: now, warmupSeconds: warmup)
        records[key] = record
        await journalDecision(decision, target, policy, dryRun: false)
        if decision.changesCapacity {
            logger.notice("scaled", metadata: ["target": "\(target)", "decision": "\(decision.summary)"])
        }
        return outcome
    }

    private func perform(_ action: TargetOutcome.Action, on target: TargetReference) async throws(TargetError) {
        switch action {
        case .setBounds(_, let bounds): try await backend.setBounds(target, to: bounds)
        case .setDesired(_, let desired): try await backend.setDesiredCapacity(target, to: desired)
        case .putWarmPool(let plan): try await backend.putWarmPool(target, plan)
        }
    }

    /// Journals actuations and decisions held back from what the metrics asked.
    private func journalDecision(
        _ decision: Decision, _ target: TargetReference, _ policy: CapacityPolicy, dryRun: Bool, error: String? = nil
    ) async {
        let action: String
        if error != nil {
            action = "failed"
        } else if let direction = decision.direction {
            action = direction.rawValue
        } else if let recommendation = decision.recommendation, recommendation != decision.desired {
            action = "held"
        } else {
            return
        }
        recorder?.decided(target, action: action, decision: decision)
        do {
            try await journal.append(.init(decision: decision, target: target, policy: policy.name, action: action, dryRun: dryRun, error: error))
        } catch {
            logger.error("could not write the decision journal", metadata: ["error": "\(error)"])
        }
    }
}

extension CapacityPolicy {
    /// The policy's instance warm-up, 0 when it has none.
    var instanceWarmupSeconds: Int {
        if case .targetTracking(let tracking) = strategy { return tracking.instanceWarmupSeconds }
        return 0
    }
}

extension WarmPoolPlan {
    /// Whether AWS's warm pool configuration already matches (the pool size is AWS's to derive).
    func sameConfiguration(as other: WarmPoolPlan) -> Bool {
        minSize == other.minSize && maxGroupPreparedCapacity == other.maxGroupPreparedCapacity
            && poolState == other.poolState && reuseOnScaleIn == other.reuseOnScaleIn
    }
}
