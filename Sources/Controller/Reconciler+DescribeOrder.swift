import CapacityCore
import Foundation

/// What AWS last reported for a target, and when.
struct SeenState: Sendable, Hashable {
    var state: TargetState
    var time: Date
}

/// A target's decision on a given state: the planner after deciding, the decision, and the
/// writes that would bring AWS to it.
struct PlannedTarget: Sendable {
    var planner: CapacityPlanner
    var decision: Decision
    var actions: [TargetOutcome.Action]
}

extension Reconciler {
    /// Decides `policy` on `state` without touching AWS or the record: the one place a
    /// decision and its writes are worked out, for the tick's real decisions and for the
    /// look-ahead that orders describes.
    func plan(
        _ policy: CapacityPolicy, on state: TargetState, record: TargetRecord, readings: [MetricReading], at now: Date
    ) -> PlannedTarget {
        // A policy with schedules owns the target's bounds and writes them; otherwise the
        // target's own bounds (set by a person or another tool) are a constraint to respect.
        let ownsBounds = !policy.schedules.isEmpty
        let observation = Observation(
            time: now,
            currentCapacity: state.desired,
            readyUnits: state.running,
            warmingUnits: record.warmingUnits(at: now, warmupSeconds: policy.instanceWarmupSeconds, running: state.running),
            readings: readings,
            externalBounds: ownsBounds ? nil : state.bounds)
        var planner = CapacityPlanner(policy: policy, memory: record.memory)
        let decision = planner.decide(observation)
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
        return PlannedTarget(planner: planner, decision: decision, actions: actions)
    }

    /// The last state AWS reported for the target with `identity`, if recent enough to decide on.
    func usableSeenState(_ identity: String, at now: Date) -> SeenState? {
        guard let seen = lastSeen[identity], now.timeIntervalSince(seen.time) <= seenStateLifetime else { return nil }
        return seen
    }

    /// Which of a budgeted tick's targets to describe, most needed first, as many as the
    /// describe budget covers (at least one, so a tiny budget still moves):
    /// 1. targets with no state recent enough to decide on (never read, or read longer ago
    ///    than ``seenStateLifetime``): they cannot be decided at all until read;
    /// 2. targets whose decision on their last known state would write: a write is only ever
    ///    made on a state read this tick, so these are read now rather than next round;
    /// 3. the rest, the longest unread first: a round-robin that starves no one.
    /// Within each class the longest unread comes first, then the policy order.
    ///
    /// Also returns the decisions it worked out on last known counts, by identity: a target
    /// this tick does not describe is decided on exactly those inputs, so they are reused.
    func describeSelection(
        _ tick: PlacementTick, readings: [[MetricReading]], at now: Date
    ) -> (targets: [TargetReference], plans: [String: PlannedTarget]) {
        guard let capacity = tick.describeCapacity else { return (tick.policies.compactMap(\.target), [:]) }
        var plans: [String: PlannedTarget] = [:]
        var ranked: [(rank: Int, seen: Date, index: Int, target: TargetReference)] = []
        for (index, policy) in tick.policies.enumerated() {
            guard let target = policy.target else { continue }
            let identity = tick.placement.identity(of: target)
            guard let seen = usableSeenState(identity, at: now) else {
                ranked.append((0, lastSeen[identity]?.time ?? .distantPast, index, target))
                continue
            }
            let slice = index < readings.count ? readings[index] : []
            let planned = plan(policy, on: seen.state, record: records[identity] ?? TargetRecord(), readings: slice, at: now)
            plans[identity] = planned
            ranked.append((planned.actions.isEmpty ? 2 : 1, seen.time, index, target))
        }
        ranked.sort { ($0.rank, $0.seen, $0.index) < ($1.rank, $1.seen, $1.index) }
        let ordered = ranked.map(\.target)
        let affordable = capacity.affordableCount(of: ordered, cloudWatchQueries: [])
        return (Array(ordered.prefix(max(1, affordable))), plans)
    }
}
