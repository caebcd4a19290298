import CapacityCore
import Foundation

/// The physics of SIMULATION.md, one step at a time ("One step, in this order").
///
/// A value type that can be advanced in chunks, so a runner can report progress and notice
/// cancellation between chunks while each chunk stays plain synchronous code. The loop
/// allocates nothing per step: the observation and its readings are reused.
struct SimulationEngine<Decider: StepDecider> {
    let simulation: Simulation
    private var decider: Decider
    private let policyName: String
    private let policyKind: CapacityPolicy.Kind
    private let metricCount: Int
    private let warmPool: WarmPoolPolicy?

    /// The next step to run.
    private(set) var step = 0
    private var ready: Int
    private var warm: Int
    private var booting: ArrivalQueue
    private var preparing: ArrivalQueue
    /// S[t] of recent steps, and the utilization they had, for the lagged observation: index
    /// `t & historyMask`. A power of two longer than the lag, so the index is a mask (a division
    /// per step was a visible part of it); the utilization is kept rather than divided again.
    private var readyHistory: [Int]
    private var utilizationHistory: [Double]
    private let historyMask: Int
    private var observation: Observation
    private var scores = ScoreAccumulator()
    private var timeline: Timeline?

    init(simulation: Simulation, policy: CapacityPolicy, recordTimeline: Bool) where Decider == PlannerDecider {
        self.init(
            simulation: simulation, decider: PlannerDecider(planner: CapacityPlanner(policy: policy)),
            name: policy.name, kind: policy.kind, metricCount: policy.metrics.count, warmPool: policy.warmPool,
            upperBound: policy.bounds.max, recordTimeline: recordTimeline)
    }

    /// - Parameter upperBound: the policy's max before any decision, for the warm pool's initial size.
    init(
        simulation: Simulation, decider: Decider, name: String, kind: CapacityPolicy.Kind, metricCount: Int, warmPool: WarmPoolPolicy?,
        upperBound: Int, recordTimeline: Bool
    ) {
        self.simulation = simulation
        self.decider = decider
        self.policyName = name
        self.policyKind = kind
        self.metricCount = metricCount
        self.warmPool = warmPool
        let physics = simulation.physics
        let steps = simulation.trace.count
        ready = physics.initialUnits ?? simulation.demand[0]
        warm = 0
        booting = ArrivalQueue(maxDelay: Swift.max(physics.bootSteps, physics.warmSteps), endStep: steps)
        preparing = ArrivalQueue(maxDelay: physics.bootSteps, endStep: steps)
        let historySize = (Swift.min(physics.lagSteps, steps) + 1).nextPowerOfTwo
        readyHistory = Array(repeating: 0, count: historySize)
        utilizationHistory = Array(repeating: 0, count: historySize)
        historyMask = historySize - 1
        observation = Observation(
            time: simulation.trace.date(ofStep: 0), currentCapacity: ready, readyUnits: ready, warmingUnits: 0,
            readings: Array(repeating: .missing, count: metricCount))
        if let warmPool {
            // The warm pool starts full, at its target size.
            warm = Self.warmTarget(warmPool, upperBound: upperBound, inService: ready)
        }
        if recordTimeline { timeline = Timeline(capacity: steps) }
    }

    /// W* = `max(warmMin, warmMaxPrepared − (ready + booting))`.
    @inline(__always)
    private static func warmTarget(_ pool: WarmPoolPolicy, upperBound: Int, inService: Int) -> Int {
        warmTarget(minSize: pool.minSize, prepared: pool.maxGroupPreparedCapacity, upperBound: upperBound, inService: inService)
    }

    @inline(__always)
    private static func warmTarget(minSize: Int, prepared: Int?, upperBound: Int, inService: Int) -> Int {
        Swift.max(0, minSize, (prepared ?? upperBound) - inService)
    }

    /// Runs the steps before `end` (capped at the trace's length).
    mutating func advance(until end: Int) {
        let physics = simulation.physics
        let loads = simulation.trace.values
        let demand = simulation.demand
        let lag = physics.lagSteps
        let stop = Swift.min(end, loads.count)
        let historyMask = self.historyMask
        let scoreFrom = simulation.scoredSteps.lowerBound
        let scoreUntil = simulation.scoredSteps.upperBound

        while step < stop {
            let t = step
            // 1. Arrivals.
            ready += booting.arrivals(at: t)
            if warmPool != nil { warm += preparing.arrivals(at: t) }

            // 2. Score.
            let load = loads[t]
            let supply = ready
            let utilization = physics.utilization(load: load, ready: supply)
            let cost = physics.stepCost(ready: ready, booting: booting.total, warm: warm, preparing: preparing.total)
            let scored = t >= scoreFrom && t < scoreUntil
            if scored { scores.add(demand: demand[t], supply: supply, utilization: utilization, cost: cost) }
            readyHistory[t & historyMask] = supply
            utilizationHistory[t & historyMask] = utilization
            timeline?.recordState(ready: ready, booting: booting.total, warm: warm, preparing: preparing.total)

            // 3. Observe.
            let inService = ready + booting.total
            observation.time = simulation.trace.date(ofStep: t)
            observation.currentCapacity = inService
            if t >= lag {
                let observed = t - lag
                observation.readyUnits = readyHistory[observed & historyMask]
                if metricCount > 0 {
                    // What step `observed` scored: physics.utilization(load: loads[observed], ready: S[observed]).
                    let percent = 100 * utilizationHistory[observed & historyMask]
                    let reading = MetricReading.value(
                        percent, at: simulation.trace.date(ofStep: observed), periodSeconds: Double(physics.stepSeconds))
                    for index in 0..<metricCount { observation.readings[index] = reading }
                }
            } else {
                // Nothing before the trace starts: the readings keep the `.missing` they were
                // created with (these are the first steps), and the units are today's.
                observation.readyUnits = ready
            }
            let choice = decider.decide(observation)
            let desired = Swift.max(0, choice.desired)
            timeline?.recordDesired(desired)
            if scored, desired != inService { scores.addScalingAction() }

            // 4. Actuate.
            if desired > inService {
                var launch = desired - inService
                let fromPool = Swift.min(warm, launch)
                if fromPool > 0 {
                    warm -= fromPool
                    booting.add(fromPool, arrivingAt: t + physics.warmSteps)
                    launch -= fromPool
                }
                booting.add(launch, arrivingAt: t + physics.bootSteps)
            } else if desired < inService {
                let remove = inService - desired
                let removedBooting = booting.removeLatest(remove, now: t)
                let removedReady = remove - removedBooting
                ready -= removedReady
                if let warmPool, warmPool.reuseOnScaleIn { warm += removedReady }
            }

            // 5. Warm pool.
            if let warmPool {
                // A policy that plans its pool (from the forecast) sets this step's W*; otherwise
                // the policy file's static settings do, as in EC2 Auto Scaling.
                let inService = ready + booting.total
                let target =
                    if let plan = choice.warmPool {
                        Self.warmTarget(
                            minSize: plan.minSize, prepared: plan.maxGroupPreparedCapacity, upperBound: choice.upperBound,
                            inService: inService)
                    } else {
                        Self.warmTarget(warmPool, upperBound: choice.upperBound, inService: inService)
                    }
                let pooled = warm + preparing.total
                if pooled < target {
                    preparing.add(target - pooled, arrivingAt: t + physics.bootSteps)
                } else if warm > target {
                    warm = target
                }
            }
            step = t + 1
        }
    }

    /// The decider, for tests that inspect what it was shown.
    var deciderForTesting: Decider { decider }

    /// The scores so far (all of them once the whole trace ran), over the scored steps run.
    func result() -> PolicyRun {
        let window = simulation.scoredSteps
        let scoredSoFar = Swift.max(0, Swift.min(step, window.upperBound) - window.lowerBound)
        return PolicyRun(
            policyName: policyName, policyKind: policyKind,
            scores: scores.scores(steps: scoredSoFar, stepSeconds: simulation.physics.stepSeconds, oracleCost: simulation.oracleCost),
            timeline: timeline)
    }
}
