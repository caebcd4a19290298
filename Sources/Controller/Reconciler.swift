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
    let connections: any TargetConnections
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
    /// Where each placement's round-robin window stands when its API budget cannot cover
    /// every target each tick.
    var windows: [TargetPlacement: RoundRobinWindow] = [:]
    var lastDeferred: [TargetPlacement: Int] = [:]

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
        self.init(
            policies: policies, connections: SinglePlacementConnections(backend: backend, metrics: metrics), store: store,
            journal: journal, recorder: recorder, history: history, logger: logger)
    }

    /// A reconciler reaching each target through `connections`, per placement (region and role).
    public init(
        policies: [CapacityPolicy],
        connections: any TargetConnections,
        store: any DecisionStateStore,
        journal: DecisionJournal,
        recorder: ControllerMetrics? = nil,
        history: (any MetricHistorySource)? = nil,
        logger: Logger = Logger(label: "headroom.reconciler")
    ) {
        self.historyLoader = history.map(ForecastHistoryLoader.init(source:))
        self.policies = policies.filter { $0.target != nil }
        self.connections = connections
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

    /// The memory kept for a target of the daemon's placement, for tests and diagnostics.
    public func record(for target: TargetReference, in placement: TargetPlacement = .daemon) -> TargetRecord? {
        records[placement.identity(of: target)]
    }

    /// One reconcile at `now`. With `actuate` false nothing is written and nothing remembered:
    /// that is `plan` and `run --dry-run`.
    ///
    /// Targets are read per placement (region and role), the placements at once. When a
    /// placement's API budget cannot cover all its targets in one interval, this tick serves
    /// as many as it can, and the next tick the ones after them (see ``RoundRobinWindow``).
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

        var ticks: [PlacementTick] = []
        var deferred = 0
        for (placement, group) in placementGroups(policies) {
            let tick = await servedThisTick(group, placement: placement)
            deferred += group.count - tick.policies.count
            ticks.append(tick)
        }
        let connections = self.connections
        let reads = await withTaskGroup(of: (Int, PlacementRead).self) { tasks in
            for (index, tick) in ticks.enumerated() {
                tasks.addTask { (index, await Self.read(tick, through: connections, at: now)) }
            }
            var reads = [PlacementRead?](repeating: nil, count: ticks.count)
            for await (index, read) in tasks { reads[index] = read }
            return reads
        }

        var outcomes: [TargetOutcome] = []
        for (tick, read) in zip(ticks, reads) {
            guard let read else { continue }
            let labels = connections.labels(for: tick.placement)
            var offset = 0
            for policy in tick.policies {
                let count = policy.metrics.count
                let slice = Array(read.readings[offset..<min(offset + count, read.readings.count)])
                offset += count
                guard let target = policy.target else { continue }
                let place = Place(placement: tick.placement, labels: labels, backend: read.backend)
                let described = read.failure.map { Result<TargetState, TargetError>.failure($0) } ?? read.states[target]
                let outcome = await reconcile(policy, target, described, slice, now, at: place, actuate: actuate, mayWrite: mayWrite)
                outcomes.append(outcome)
            }
        }
        if actuate {
            do {
                try await store.save(records)
            } catch {
                logger.error("could not save decision state", metadata: ["error": "\(error)"])
            }
        }
        return ReconcileReport(outcomes: outcomes, deferredTargets: deferred)
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
        _ readings: [MetricReading], _ now: Date, at place: Place, actuate: Bool, mayWrite: @Sendable () async -> Bool
    ) async -> TargetOutcome {
        var outcome = TargetOutcome(target: target, policy: policy.name, state: nil, decision: nil, actions: [], error: nil)
        outcome.placement = place.placement
        let labels = place.labels
        let state: TargetState
        switch described {
        case .success(let value): state = value
        case .failure(let error):
            outcome.error = error
            logger.warning("skipping target", metadata: ["target": "\(target)", "error": "\(error)"])
            recorder?.targetFailed(target, labels, kind: error.kind)
            return outcome
        case nil:
            outcome.error = .unavailable("no description returned")
            return outcome
        }
        outcome.state = state

        let key = place.placement.identity(of: target)
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
        outcome.forecast = forecastStatus(ForecastStatus(policy: policy, memory: planner.memory), policy: policy, identity: key)
        recorder?.observed(target, labels, policy: policy, state: state, readings: readings, decision: decision)

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
            let settled = await settleAWSScaling(
                policy, target, state, &record, key: key, through: place.backend, now, actuate: actuate, mayWrite: mayWrite)
            outcome.suspendsAWSScaling = settled.suspends
            if let refusal = settled.refusal {
                outcome.error = refusal
                logger.warning("not written", metadata: ["target": "\(target)", "error": "\(refusal)"])
                recorder?.targetFailed(target, labels, kind: refusal.kind)
                return outcome
            }
        }
        guard actuate else {
            await journalDecision(decision, target, policy, labels, dryRun: true)
            return outcome
        }
        for action in actions {
            guard await mayWrite() else {
                let error = TargetError.unavailable("\(target): not written: this replica may no longer hold the lease")
                outcome.error = error
                logger.warning("write skipped: leadership could end before it completes", metadata: ["target": "\(target)", "action": "\(action)"])
                recorder?.targetFailed(target, labels, kind: error.kind)
                return outcome
            }
            do {
                try await perform(action, on: target, through: place.backend)
            } catch {
                outcome.error = error
                logger.warning("write failed", metadata: ["target": "\(target)", "action": "\(action)", "error": "\(error)"])
                recorder?.targetFailed(target, labels, kind: error.kind)
                await journalDecision(decision, target, policy, labels, dryRun: false, error: "\(action): \(error)")
                return outcome
            }
        }
        if !actions.isEmpty { recorder?.actuated(target, labels, at: now) }
        record.memory = planner.memory
        record.recordLaunch(of: max(0, decision.desired - state.desired), at: now, warmupSeconds: warmup)
        records[key] = record
        await journalDecision(decision, target, policy, labels, dryRun: false)
        if decision.changesCapacity {
            logger.notice("scaled", metadata: ["target": "\(target)", "decision": "\(decision.summary)"])
        }
        return outcome
    }

    private func perform(
        _ action: TargetOutcome.Action, on target: TargetReference, through backend: (any CapacityBackend)?
    ) async throws(TargetError) {
        guard let backend else { throw .unavailable("\(target): no connection to its region and account") }
        switch action {
        case .setBounds(_, let bounds): try await backend.setBounds(target, to: bounds)
        case .setDesired(_, let desired): try await backend.setDesiredCapacity(target, to: desired)
        case .putWarmPool(let plan): try await backend.putWarmPool(target, plan)
        }
    }

    /// Journals actuations and decisions held back from what the metrics asked.
    private func journalDecision(
        _ decision: Decision, _ target: TargetReference, _ policy: CapacityPolicy, _ labels: PlacementLabels, dryRun: Bool,
        error: String? = nil
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
        recorder?.decided(target, labels, action: action, decision: decision)
        do {
            var entry = DecisionJournal.Entry(decision: decision, target: target, policy: policy.name, action: action, dryRun: dryRun, error: error)
            entry.region = labels.region.isEmpty ? nil : labels.region
            entry.account = labels.account.isEmpty ? nil : labels.account
            try await journal.append(entry)
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
