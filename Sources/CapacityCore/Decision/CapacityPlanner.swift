import Foundation

/// Decides the unit count of one target, one observation at a time.
///
/// The planner is a value: its only state is ``memory``, which the caller may persist, copy
/// for a dry run, or throw away. It never reads a clock: time comes in the ``Observation``.
/// The daemon and the simulator both drive this type, so a policy behaves the same in both.
///
/// The helpers a decision calls are `mutating` even where they only read: called from the
/// mutating ``decide(_:explain:)``, a non-mutating method received a copy of the whole planner
/// (a memcpy of its policy and memory, and a retain of every string and array in them) on
/// every call, which was most of a decision's cost.
public struct CapacityPlanner: Sendable {
    public let policy: CapacityPolicy
    public var memory: DecisionMemory

    /// The policy's settings as decisions read them, laid out once.
    let settings: PlannerSettings

    private var schedules: ScheduleResolver
    private var scheduleCache: ScheduleCache?

    private struct ScheduleCache: Sendable {
        var from: Date
        var until: Date
        var override: ScheduleOverride
    }

    public init(policy: CapacityPolicy, memory: DecisionMemory = DecisionMemory()) {
        self.policy = policy
        self.memory = memory
        self.schedules = ScheduleResolver(policy.schedules)
        self.settings = PlannerSettings(policy)
    }

    /// Decides the desired count for `observation`, updating ``memory``.
    /// - Parameter explain: build the decision's ``Decision/reasons`` (the daemon, `plan` and the
    ///   journal need them). Without them the decision is the same, its reasons are empty, and
    ///   deciding allocates nothing: what simulations and tuning runs ask for.
    public mutating func decide(_ observation: Observation, explain: Bool = true) -> Decision {
        var reasons = ReasonLog(recording: explain)
        let outcome = decide(observation, reasons: &reasons)
        return Decision(outcome, reasons: reasons.reasons)
    }

    /// ``decide(_:explain:)`` without reasons (`explain: false`), for callers that decide every
    /// step of a long run (the simulator): the same decision, returned without a reasons array
    /// to build and destroy per step.
    package mutating func decideUnexplained(_ observation: Observation) -> DecisionOutcome {
        var reasons = ReasonLog(recording: false)
        return decide(observation, reasons: &reasons)
    }

    /// The decision both entry points make; `reasons` records why when it is recording.
    ///
    /// Inlined into each: the unexplained one then knows no reason is recorded, and returns
    /// its outcome without a copy (returned from a call, the outcome was written field by
    /// field and read back in wider loads, which stalled).
    @inline(__always)
    private mutating func decide(_ observation: Observation, reasons: inout ReasonLog) -> DecisionOutcome {
        let explain = reasons.isRecording
        let current = observation.currentCapacity
        // Without schedules or the target's own bounds (a simulation, most targets), the
        // policy's bounds stand: no call, no optional schedule name to carry back.
        let (bounds, floor) =
            policy.schedules.isEmpty && observation.externalBounds == nil
            ? (policy.bounds, nil) : effectiveBounds(for: observation, reasons: &reasons)

        var desired: Int
        var recommendation: Int?
        if let units = settings.fixedUnits {
            desired = units
            recommendation = units
            reasons.append(.fixedCapacity(units: units))
        } else {
            (desired, recommendation) = track(observation, reasons: &reasons)
        }

        var forecast: LoadForecast?
        if let forecastPolicy = policy.forecast {
            forecast = plannedLoad(forecastPolicy, observation)
            if let forecast {
                let units = ReplicaCalculator.ceilUnits(forecast.peak * (1 + forecastPolicy.headroom))
                if desired < units {
                    desired = units
                    reasons.append(.forecastFloor(units: units, predictedLoad: forecast.peak))
                }
            }
        }
        var spread: (units: Int, mean: Double, deviation: Double)?
        if let buffer = policy.buffer {
            spread = bufferFloor(buffer, observation, exact: explain || buffer.warmPoolDeviations > 0)
            if let held = spread, desired < held.units {
                desired = held.units
                reasons.append(.bufferFloor(units: held.units, meanLoad: held.mean, deviation: held.deviation))
            }
        }
        if let floor, desired < floor.value {
            desired = floor.value
            reasons.append(.scheduledFloor(schedule: floor.schedule, floor: floor.value))
        }
        if desired < bounds.min {
            desired = bounds.min
            reasons.append(.clampedToMin(min: bounds.min))
        } else if desired > bounds.max {
            desired = bounds.max
            reasons.append(.clampedToMax(max: bounds.max))
        }
        remember(change: desired - current, to: desired, at: observation.time)

        let warmPool = policy.warmPool.map { pool in
            plannedWarmPool(pool, desired: desired, groupMax: bounds.max, forecast: forecast, deviation: spread?.deviation)
        }
        return DecisionOutcome(
            time: observation.time, current: current, desired: desired, bounds: bounds,
            recommendation: recommendation, warmPool: warmPool)
    }

    /// The policy's bounds, as schedules change them and the target's own bounds tighten them.
    private mutating func effectiveBounds(
        for observation: Observation, reasons: inout ReasonLog
    ) -> (CapacityBounds, ScheduledValue?) {
        var bounds = policy.bounds
        var floor: ScheduledValue?
        if !policy.schedules.isEmpty {
            let override = scheduleOverride(at: observation.time)
            if let min = override.minCapacity {
                bounds.min = min.value
                reasons.append(.scheduledMin(schedule: min.schedule, min: min.value))
            }
            if let max = override.maxCapacity {
                bounds.max = max.value
                reasons.append(.scheduledMax(schedule: max.schedule, max: max.value))
            }
            floor = override.desiredFloor
            // A schedule that lifts min above a max it does not also lift is capped by that max.
            bounds.min = Swift.min(bounds.min, bounds.max)
        }
        if let external = observation.externalBounds {
            let tightened = bounds.intersected(with: external)
            if tightened != bounds {
                bounds = tightened
                reasons.append(.externalBounds(bounds: external))
            }
        }
        return (bounds, floor)
    }

    /// Schedules change rarely; resolve them again only when the cached answer may have changed.
    private mutating func scheduleOverride(at time: Date) -> ScheduleOverride {
        if let cache = scheduleCache, time >= cache.from, time < cache.until {
            return cache.override
        }
        let (override, validUntil) = schedules.advance(to: time)
        scheduleCache = ScheduleCache(from: time, until: validUntil, override: override)
        return override
    }

    private mutating func remember(change: Int, to desired: Int, at time: Date) {
        guard change != 0 else { return }
        memory.changes.append(.init(time: time, value: change))
        if change > 0 {
            memory.lastScaleOut = time
            memory.lastScaleOutCapacity = desired
            // A scale-out cancels the scale-in cooldown, as in AWS target tracking.
            memory.lastScaleIn = nil
        } else {
            memory.lastScaleIn = time
        }
        pruneChanges(before: time)
    }

    private mutating func pruneChanges(before time: Date) {
        guard settings.tracks else {
            memory.changes.removeAll()
            return
        }
        let cutoff = time.addingTimeInterval(-Double(settings.longestRatePeriod))
        var stale = 0
        while stale < memory.changes.count, memory.changes[stale].time <= cutoff { stale += 1 }
        memory.changes.removeFirst(stale)
    }
}
