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
    /// Where each placement's round-robin window stands when its metric budget cannot cover
    /// every target each tick.
    var windows: [TargetPlacement: RoundRobinWindow] = [:]
    /// The share of its describe budget each placement plans a tick with, so that the tick
    /// fits its interval (see ``ReadCapacity/nextDescribeShare(_:describedIn:otherSeconds:)``).
    var describeShares: [TargetPlacement: Double] = [:]
    /// Ticks each placement needs to describe all its targets, as last logged.
    var describeRounds: [TargetPlacement: Int] = [:]
    /// What AWS last reported for each target (by identity), whether or not the tick wrote:
    /// what a budgeted tick decides on for the targets it does not describe. Not persisted: a
    /// restarted daemon describes every target before it decides it.
    var lastSeen: [String: SeenState] = [:]
    /// How long a target's last reported state may stand in for a fresh describe. Past it the
    /// target is not decided until it is described again (it is then described first).
    let seenStateLifetime: TimeInterval
    /// Five minutes: a 15 s daemon with 10,000 services describes each about every 45 s
    /// within ECS's default limits, well inside it; a target unread that long is read first.
    public static let defaultSeenStateLifetime: TimeInterval = 300

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
        seenStateLifetime: TimeInterval = Reconciler.defaultSeenStateLifetime,
        logger: Logger = Logger(label: "headroom.reconciler")
    ) {
        self.seenStateLifetime = seenStateLifetime
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
        // Forget the counts of targets no policy names any more: nothing decides on them.
        let identities = Set(self.policies.compactMap { policy in
            policy.target.map { connections.placement(of: policy).identity(of: $0) }
        })
        lastSeen = lastSeen.filter { identities.contains($0.key) }
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
    /// placement's API budget cannot describe all its targets in one interval, every target is
    /// still decided from its fresh metrics and its last known counts, the budget's describes
    /// go first to targets whose decision would write, and a target is written only on counts
    /// described this tick (see ``describeSelection(_:readings:at:)``).
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
        var sizes: [Int] = []
        for (placement, group) in placementGroups(policies) {
            ticks.append(await servedThisTick(group, placement: placement))
            sizes.append(group.count)
        }
        let connections = self.connections
        let clock = ContinuousClock()
        let started = clock.now
        var reads = await withTaskGroup(of: (Int, PlacementRead).self) { tasks in
            for (index, tick) in ticks.enumerated() {
                tasks.addTask { (index, await Self.read(tick, through: connections, at: now)) }
            }
            var reads = [PlacementRead?](repeating: nil, count: ticks.count)
            for await (index, read) in tasks { reads[index] = read }
            return reads
        }
        let readsDone = clock.now
        // Budgeted placements describe once their metrics are in, so the describes can go
        // where a decision would write.
        var selections: [Int: [TargetReference]] = [:]
        var earlierPlans: [Int: [String: PlannedTarget]] = [:]
        for (index, tick) in ticks.enumerated() where tick.describeCapacity != nil {
            guard let read = reads[index], read.failure == nil, read.backend != nil else { continue }
            (selections[index], earlierPlans[index]) = describeSelection(tick, readings: read.readings, at: now)
        }
        let described = await withTaskGroup(of: (Int, [TargetReference: Result<TargetState, TargetError>], Duration).self) { tasks in
            for (index, selection) in selections {
                guard let backend = reads[index]?.backend else { continue }
                tasks.addTask {
                    let began = ContinuousClock.now
                    let states = await backend.describe(selection)
                    return (index, states, ContinuousClock.now - began)
                }
            }
            var described: [Int: (states: [TargetReference: Result<TargetState, TargetError>], took: Duration)] = [:]
            for await (index, states, took) in tasks { described[index] = (states, took) }
            return described
        }
        for (index, result) in described { reads[index]?.states = result.states }
        let describesDone = clock.now

        var outcomes: [TargetOutcome] = []
        var deferred = 0
        for (index, (tick, read)) in zip(ticks, reads).enumerated() {
            guard let read else { continue }
            let labels = connections.labels(for: tick.placement)
            let place = Place(placement: tick.placement, labels: labels, backend: read.backend)
            let entries = decisionInputs(tick, read, earlierPlans: earlierPlans[index] ?? [:], at: now)
            // AWS's own scaling on every target this tick writes, read together right before
            // the writes (``CapacityBackend/awsScaling(of:)-([TargetReference])``).
            let writers = entries.filter { $0.input.isDescribedState && $0.planned?.actions.isEmpty == false }.map(\.target)
            let awsScaling = writers.count > 1 ? await read.backend?.awsScaling(of: writers) ?? [:] : [:]
            var decided = 0
            for entry in entries {
                guard
                    let outcome = await reconcile(
                        entry.policy, entry.target, entry.input, entry.planned, entry.readings, now, at: place,
                        awsScaling: awsScaling[entry.target], actuate: actuate, mayWrite: mayWrite)
                else { continue }
                decided += 1
                outcomes.append(outcome)
            }
            deferred += sizes[index] - decided
            if tick.describeCapacity != nil {
                reportBudget(tick.placement, targets: sizes[index], decided: decided, described: read.states.count)
            }
        }
        if actuate {
            do {
                try await store.save(records)
            } catch {
                logger.error("could not save decision state", metadata: ["error": "\(error)"])
            }
        }
        var report = ReconcileReport(outcomes: outcomes, deferredTargets: deferred)
        report.phases = .init(reads: readsDone - started, describes: describesDone - readsDone, decisions: clock.now - describesDone)
        let otherSeconds = (report.phases.reads + report.phases.decisions).seconds
        for (index, result) in described {
            guard let capacity = ticks[index].describeCapacity else { continue }
            let placement = ticks[index].placement
            describeShares[placement] = capacity.nextDescribeShare(
                describeShares[placement] ?? 1, describedIn: result.took.seconds, otherSeconds: otherSeconds)
        }
        return report
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

    /// What a tick knows of a target's counts: described this tick, or last seen before.
    enum TargetInput {
        case described(Result<TargetState, TargetError>)
        case seen(SeenState)

        /// Counts read this tick: the only ones a write is made on.
        var isDescribedState: Bool {
            if case .described(.success) = self { return true }
            return false
        }
    }

    /// One target a tick decides: its counts, its readings and, unless it failed, its decision.
    struct DecisionInput {
        var policy: CapacityPolicy
        var target: TargetReference
        var input: TargetInput
        var readings: [MetricReading]
        var planned: PlannedTarget?
    }

    /// The targets of `tick` that can be decided, each decided once: on the counts described
    /// this tick, or on its last known counts (reusing `earlierPlans`, made on the same inputs
    /// to order the describes). A target with neither is left out: it waits.
    private func decisionInputs(
        _ tick: PlacementTick, _ read: PlacementRead, earlierPlans: [String: PlannedTarget], at now: Date
    ) -> [DecisionInput] {
        var entries: [DecisionInput] = []
        for (position, policy) in tick.policies.enumerated() {
            guard let target = policy.target else { continue }
            let identity = tick.placement.identity(of: target)
            let slice = position < read.readings.count ? read.readings[position] : []
            let record = records[identity] ?? TargetRecord()
            if let failure = read.failure {
                entries.append(DecisionInput(policy: policy, target: target, input: .described(.failure(failure)), readings: slice))
            } else if let described = read.states[target] {
                let planned = try? plan(policy, on: described.get(), record: record, readings: slice, at: now)
                entries.append(DecisionInput(policy: policy, target: target, input: .described(described), readings: slice, planned: planned))
            } else if let seen = usableSeenState(identity, at: now) {
                let planned = earlierPlans[identity] ?? plan(policy, on: seen.state, record: record, readings: slice, at: now)
                entries.append(DecisionInput(policy: policy, target: target, input: .seen(seen), readings: slice, planned: planned))
            }
        }
        return entries
    }

    /// Decides one target and writes what differs. On a state seen in an earlier tick the
    /// decision is remembered only when it writes nothing; one that would write returns `nil`
    /// (the target waits, and is described first next tick), because a write is made only on
    /// counts read this tick.
    /// - Parameters:
    ///   - planned: the decision on the input's counts (``plan(_:on:record:readings:at:)``);
    ///     `nil` only when the target could not be described.
    ///   - awsScaling: AWS's own scaling on the target, when the tick read it with the other
    ///     targets it writes; else it is read here.
    private func reconcile(
        _ policy: CapacityPolicy, _ target: TargetReference, _ input: TargetInput, _ planned: PlannedTarget?,
        _ readings: [MetricReading], _ now: Date, at place: Place, awsScaling: Result<ForeignScaling, TargetError>?,
        actuate: Bool, mayWrite: @Sendable () async -> Bool
    ) async -> TargetOutcome? {
        var outcome = TargetOutcome(target: target, policy: policy.name, state: nil, decision: nil, actions: [], error: nil)
        outcome.placement = place.placement
        let labels = place.labels
        let key = place.placement.identity(of: target)
        let state: TargetState
        switch input {
        case .described(.success(let value)):
            state = value
            outcome.stateSeenAt = now
            lastSeen[key] = SeenState(state: value, time: now)
        case .described(.failure(let error)):
            outcome.error = error
            if error.isNotFound { lastSeen[key] = nil }
            logger.warning("skipping target", metadata: ["target": "\(target)", "error": "\(error)"])
            recorder?.targetFailed(target, labels, kind: error.kind)
            return outcome
        case .seen(let seen):
            state = seen.state
            outcome.stateSeenAt = seen.time
        }
        outcome.state = state

        var record = records[key] ?? TargetRecord()
        let planned = planned ?? plan(policy, on: state, record: record, readings: readings, at: now)
        if case .seen = input, !planned.actions.isEmpty { return nil }
        let decision = planned.decision
        let planner = planned.planner
        let actions = planned.actions
        outcome.decision = decision
        outcome.forecast = forecastStatus(ForecastStatus(policy: policy, memory: planner.memory), policy: policy, identity: key)
        recorder?.observed(target, labels, policy: policy, state: state, readings: readings, decision: decision)
        outcome.actions = actions

        if !actions.isEmpty {
            let settled = await settleAWSScaling(
                policy, target, state, &record, key: key, through: place.backend, read: awsScaling, now, actuate: actuate,
                mayWrite: mayWrite)
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
                lastSeen[key] = nil  // an earlier action may have been written: read it again first
                let error = TargetError.unavailable("\(target): not written: this replica may no longer hold the lease")
                outcome.error = error
                logger.warning("write skipped: leadership could end before it completes", metadata: ["target": "\(target)", "action": "\(action)"])
                recorder?.targetFailed(target, labels, kind: error.kind)
                return outcome
            }
            do {
                try await perform(action, on: target, through: place.backend)
            } catch {
                lastSeen[key] = nil  // what AWS holds now is unknown: read it again first
                outcome.error = error
                logger.warning("write failed", metadata: ["target": "\(target)", "action": "\(action)", "error": "\(error)"])
                recorder?.targetFailed(target, labels, kind: error.kind)
                await journalDecision(decision, target, policy, labels, dryRun: false, error: "\(action): \(error)")
                return outcome
            }
        }
        if !actions.isEmpty {
            recorder?.actuated(target, labels, at: now)
            lastSeen[key]?.state.applying(actions)
        }
        record.memory = planner.memory
        record.recordLaunch(of: max(0, decision.desired - state.desired), at: now, warmupSeconds: policy.instanceWarmupSeconds)
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
