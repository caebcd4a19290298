import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// SIMULATION.md's physics and scores on small traces worked out by hand.
/// Every scenario here has c = 10, s = 1 (so d[t] = max(minUnits, ceil(L/10))), Δ = 60 s and
/// prices of exactly 1 per unit-step and 0.1 per warm unit-step.
@Suite struct PhysicsTests {
    @Test func stepUpWaitsForTheBoot() throws {
        // Load 10 → 30 at step 2, d = [1,1,3,3,3,3]. Boot 120 s = 2 steps. Initial ready = d[0] = 1.
        // The script raises D to 3 the very step the load rises.
        // t0: S=1 d=1 u=1.0 cost 1            t1: S=1 d=1 cost 1
        // t2: S=1 d=3 (2 short) u=3.0 cost 1; D=3 > N=1 → 2 cold, ready at t4 (one action)
        // t3: S=1 booting 2, 2 short, cost 3  t4: 2 arrive, S=3 cost 3   t5: S=3 cost 3
        let (run, _) = try runScript([10, 10, 30, 30, 30, 30], handScenario(bootSeconds: 120), script: [1, 1, 3, 3, 3, 3])
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [1, 1, 1, 1, 3, 3])
        #expect(ints(timeline.booting) == [0, 0, 0, 2, 0, 0])
        let s = run.scores
        #expect(close(s.cost, 12))
        #expect(close(s.oracleCost, 14))
        #expect(close(s.costRatio, 12.0 / 14))
        #expect(s.underProvisionedSeconds == 120)
        #expect(s.unitStepsShort == 4)
        // θU = 100/6 · (2/3 + 2/3); τU = 100/6 · 2.
        #expect(close(s.thetaU, 100.0 / 6 * 4 / 3))
        #expect(close(s.tauU, 100.0 / 6 * 2))
        #expect(s.thetaO == 0 && s.tauO == 0)
        #expect(s.scalingActions == 1)
        #expect(close(s.maxUtilization, 3))
    }

    @Test func spikeShorterThanTheBootIsPaidForAndMissed() throws {
        // Load 10, one-step spike of 50 at t2; boot 180 s = 3 steps; d = [1,1,5,1,1,1,1].
        // The script follows the spike one step late (as a lag-1 policy would): D[3] = 5, then 1.
        // t2: S=1 d=5 → 4 short, u=5.0. t3: D=5 → launch 4 cold, ready at t6.
        // t4: booting 4 are paid (cost 5); D=1 < N=5 → remove 4, all booting: terminated.
        // Costs: 1,1,1,1,5,1,1 = 11. Oracle: 1+1+5+1+1+1+1 = 11.
        let (run, _) = try runScript(
            [10, 10, 50, 10, 10, 10, 10], handScenario(bootSeconds: 180), script: [1, 1, 1, 5, 1, 1, 1])
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [1, 1, 1, 1, 1, 1, 1])
        #expect(ints(timeline.booting) == [0, 0, 0, 0, 4, 0, 0])
        #expect(close(run.scores.cost, 11))
        #expect(close(run.scores.oracleCost, 11))
        #expect(run.scores.unitStepsShort == 4)
        #expect(run.scores.underProvisionedSeconds == 60)
        #expect(run.scores.scalingActions == 2)
        #expect(close(run.scores.maxUtilization, 5))
    }

    @Test func removalTakesTheLatestBootingUnitsFirst() throws {
        // Boot 240 s = 4 steps. t0: D=3 → 2 cold, ready at t4. t1: D=5 → 2 more, ready at t5.
        // t2: D=4 → remove 1: the latest (ready at t5). So 2 arrive at t4 and 1 at t5.
        let (run, _) = try runScript(
            [10, 10, 10, 10, 10, 10, 10], handScenario(initialUnits: 1, bootSeconds: 240), script: [3, 5, 4, 4, 4, 4, 4])
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [1, 1, 1, 1, 3, 4, 4])
        #expect(ints(timeline.booting) == [0, 2, 4, 3, 1, 0, 0])
    }

    @Test func warmLaunchesBeforeColdAndColdUnitsAreRemovedFirst() throws {
        // Warm pool: MinSize 1, MaxGroupPreparedCapacity 2. Initial ready 1 → W* = max(1, 2−1) = 1 warm.
        // Boot 180 s = 3 steps, warm start 60 s = 1 step.
        // t0: D=4 → 1 from the pool (ready t1), 2 cold (ready t3); pool then W* = max(1, 2−4) = 1:
        //     prepare 1 (joins the pool at t3).
        // t1: the warm unit arrives: S=2. D=2 < N=4 → remove 2: the cold ones (ready t3), not the warm one.
        let pool = WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 2)
        let (run, _) = try runScript(
            [10, 10, 10, 10, 10], handScenario(bootSeconds: 180, warmStartSeconds: 60), script: [4, 2, 2, 2, 2],
            warmPool: pool)
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [1, 2, 2, 2, 2])
        #expect(ints(timeline.booting) == [0, 2, 0, 0, 0])
        #expect(ints(timeline.warm) == [1, 0, 0, 1, 1])
        #expect(ints(timeline.preparing) == [0, 1, 1, 0, 0])
    }

    @Test func warmPoolReusesScaledInUnits() throws {
        // Warm pool MinSize 1, MaxGroupPreparedCapacity 4, ReuseOnScaleIn. Boot 3 steps, warm start 1.
        // Load [10,30,30,10,10,10] → d = [1,3,3,1,1,1]; the script is D = d. Initial ready 1, W* = 3.
        // t0: S=1 warm 3: cost 1 + 0.3 = 1.3
        // t1: S=1 (2 short), cost 1.3; D=3 → 2 from the pool (ready t2); W* = max(1, 4−3) = 1 = warm.
        // t2: S=3 warm 1: cost 3.1      t3: S=3 (2 over), cost 3.1; D=1 → 2 ready units back to the pool:
        //     warm 3 = W* = max(1, 4−1).
        // t4, t5: S=1 warm 3: cost 1.3 each. Total 11.4; oracle 10.
        let pool = WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 4, reuseOnScaleIn: true)
        let loads: [Double] = [10, 30, 30, 10, 10, 10]
        let scenario = handScenario(bootSeconds: 180, warmStartSeconds: 60)
        let (run, _) = try runScript(loads, scenario, script: [1, 3, 3, 1, 1, 1], warmPool: pool)
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [1, 1, 3, 3, 1, 1])
        #expect(ints(timeline.warm) == [3, 3, 1, 1, 3, 3])
        #expect(ints(timeline.preparing) == [0, 0, 0, 0, 0, 0])
        #expect(close(run.scores.cost, 11.4))
        #expect(close(run.scores.oracleCost, 10))
        #expect(run.scores.unitStepsShort == 2)
        #expect(close(run.scores.thetaO, 100.0 / 6 * 2))

        // Without reuse the two removed units are terminated and the pool refills by preparing 2
        // (joining at t6, after the trace): t4 and t5 cost 1 + 2 preparing + 0.1 warm = 3.1.
        var noReuse = pool
        noReuse.reuseOnScaleIn = false
        let (cold, _) = try runScript(loads, scenario, script: [1, 3, 3, 1, 1, 1], warmPool: noReuse)
        let coldTimeline = try #require(cold.timeline)
        #expect(ints(coldTimeline.warm) == [3, 3, 1, 1, 1, 1])
        #expect(ints(coldTimeline.preparing) == [0, 0, 0, 0, 2, 2])
        #expect(close(cold.scores.cost, 15))
    }

    @Test func warmPoolExcessIsTerminated() throws {
        // MinSize 0, MaxGroupPreparedCapacity 2, reuse. Initial 3 ready → W* = max(0, 2−3) = 0: no pool.
        // t0: D=2 → one ready unit back to the pool, then W* = max(0, 2−2) = 0: it is terminated.
        let pool = WarmPoolPolicy(minSize: 0, maxGroupPreparedCapacity: 2, reuseOnScaleIn: true)
        let (run, _) = try runScript([10, 10, 10], handScenario(initialUnits: 3), script: [2, 2, 2], warmPool: pool)
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.ready) == [3, 2, 2])
        #expect(ints(timeline.warm) == [0, 0, 0])
        // t0 costs 3, t1 and t2 cost 2.
        #expect(close(run.scores.cost, 7))
    }

    @Test func warmPoolDefaultsToThePolicyMax() throws {
        // No MaxGroupPreparedCapacity: warmMaxPrepared is the decision's upper bound (5).
        // Initial 1 ready → pool 4.
        let pool = WarmPoolPolicy(minSize: 0)
        let (run, _) = try runScript([10, 10], handScenario(), script: [1, 1], warmPool: pool, upperBound: 5)
        #expect(ints(try #require(run.timeline).warm) == [4, 4])
    }

    @Test func aPlannedWarmPoolSetsEachStepsTarget() throws {
        // The policy file says MaxGroupPreparedCapacity 10; the decisions plan their own pool
        // (as a forecast-planned policy does): W* = max(minSize, prepared − (ready + booting)).
        // Boot 2 steps. Initial 1 ready → the pool starts full at the static target 10 − 1 = 9.
        // t0: plan prepared 2 → W* = 1: eight warm units terminated.
        // t1: plan prepared 4 → W* = 3: two units start preparing (arrive at t3).
        // t2: no plan → the static settings again: W* = 9, pooled 3, six more prepare (arrive at t4).
        let pool = WarmPoolPolicy(minSize: 0, maxGroupPreparedCapacity: 10, reuseOnScaleIn: true)
        func plan(_ prepared: Int) -> WarmPoolPlan {
            var plan = WarmPoolPlan(policy: pool, desired: 1, groupMax: 100)
            plan.maxGroupPreparedCapacity = prepared
            return plan
        }
        let (run, _) = try runScript(
            [10, 10, 10, 10], handScenario(bootSeconds: 120), script: [1, 1, 1, 1], warmPool: pool,
            plans: [plan(2), plan(4), nil])
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.warm) == [9, 1, 1, 3])
        #expect(ints(timeline.preparing) == [0, 0, 2, 6])
        // Ready 1 per step (4), warm 0.1 per unit-step (1.4), preparing 1 per unit-step (8).
        #expect(close(run.scores.cost, 13.4))
    }

    @Test func lagBeyondTheTraceStartShowsMissingReadings() throws {
        // Lag 90 s → ceil(1.5) = 2 steps. Steps 0 and 1 have nothing to observe.
        // Load [10,20,40,40,40]; the script holds D = 2 from t0, boot 1 step, initial 1.
        // S = [1,2,2,2,2]; u = [1.0, 1.0, 2.0, 2.0, 2.0].
        let (_, observations) = try runScript(
            [10, 20, 40, 40, 40], handScenario(lagSeconds: 90), script: [2, 2, 2, 2, 2], metrics: 2)
        #expect(observations.count == 5)
        for step in 0..<2 {
            #expect(observations[step].readings.allSatisfy { $0.status == .missing })
            #expect(observations[step].time == Date(timeIntervalSince1970: Double(60 * step)))
        }
        // At t2 the policy sees step 0: u = 10/(1·10) = 100 %, measured on S[0] = 1 ready unit.
        let atTwo = observations[2]
        #expect(atTwo.readyUnits == 1)
        #expect(atTwo.currentCapacity == 2)
        #expect(atTwo.warmingUnits == 0)
        #expect(atTwo.readings.count == 2)
        for reading in atTwo.readings {
            #expect(reading.status == .ok)
            #expect(reading.value == 100)
            #expect(reading.timestamp == Date(timeIntervalSince1970: 0))
            #expect(reading.periodSeconds == 60)
        }
        // At t4 it sees step 2: u = 40/(2·10) = 200 % on 2 units, stamped 120 s.
        #expect(observations[4].readings[0].value == 200)
        #expect(observations[4].readyUnits == 2)
        #expect(observations[4].readings[0].timestamp == Date(timeIntervalSince1970: 120))
        #expect(observations[4].time == Date(timeIntervalSince1970: 240))
    }

    @Test func lagLongerThanTheTraceNeverScales() throws {
        // Lag 600 s = 10 steps on a 5-step trace: every reading is missing, so the planner holds
        // (missing data never scales in, and nothing asks for more).
        let simulation = try Simulation(trace: minuteTrace([10, 90, 90, 90, 90]), scenario: handScenario(lagSeconds: 600))
        let run = simulation.run(BaselinePolicies.headroom(targetPercent: 50), recordTimeline: true)
        #expect(ints(try #require(run.timeline).desired) == [1, 1, 1, 1, 1])
        #expect(run.scores.scalingActions == 0)
        #expect(run.scores.unitStepsShort == 4 * 8)
    }

    @Test func scalesToZeroAndWakesOnLoad() throws {
        // minUnits 0; load [0,0,5,5,0,0] → d = [0,0,1,1,0,0]; initial ready d[0] = 0.
        // Policy: target tracking at 50 %, min 0, no tolerance, no stabilization, lag 0, boot 1 step.
        // t0, t1: u = 0 ≤ activation 0 → stay at 0.
        // t2: S = 0 with load: u = +inf, 1 short; waking from zero the planner asks for 1 (ready t3).
        // t3: S = 1, u = 5/10 = 50 % = target: hold. Cost 1.
        // t4: load 0 → u = 0 → scale to zero (1 over, cost 1). t5: S = 0, cost 0.
        let policy = CapacityPolicy(
            name: "zero", bounds: CapacityBounds(min: 0, max: 10),
            strategy: .targetTracking(TargetTrackingPolicy(
                metrics: [BaselinePolicies.utilization(targetPercent: 50)], tolerance: 0,
                scaleIn: ScalingBehavior(stabilizationWindowSeconds: 0))))
        let simulation = try Simulation(trace: minuteTrace([0, 0, 5, 5, 0, 0]), scenario: handScenario(minUnits: 0))
        #expect(simulation.demand == [0, 0, 1, 1, 0, 0])
        let run = simulation.run(policy, recordTimeline: true)
        let timeline = try #require(run.timeline)
        #expect(ints(timeline.desired) == [0, 0, 1, 1, 0, 0])
        #expect(ints(timeline.ready) == [0, 0, 0, 1, 1, 0])
        let s = run.scores
        #expect(close(s.cost, 2))
        #expect(close(s.oracleCost, 2))
        #expect(close(s.costRatio, 1))
        #expect(s.underProvisionedSeconds == 60)
        #expect(close(s.thetaU, 100.0 / 6))
        // Over at t4 relative to max(d, 1) = 1.
        #expect(close(s.thetaO, 100.0 / 6))
        #expect(close(s.tauO, 100.0 / 6))
        #expect(s.scalingActions == 2)
        #expect(s.maxUtilization == .infinity)
    }

    @Test func initialUnitsOverrideTheDemand() throws {
        // initialUnits 4 with d[0] = 1: ready 4 at t0; the script holds 4.
        let (run, _) = try runScript([10, 10], handScenario(initialUnits: 4), script: [4, 4])
        #expect(ints(try #require(run.timeline).ready) == [4, 4])
        #expect(close(run.scores.thetaO, 300))  // (3/1 + 3/1) · 100/2
    }

    @Test func demandUsesTheFloatingPointGuard() throws {
        // 0.3 / (0.1 · 1) is 2.9999999999999996 in binary floating point; 0.7/0.1 = 6.999999999999999,
        // 3 × 0.1 / 0.1 exact fits must not become one more unit either.
        let scenario = SimulationScenario(name: "guard", capacityPerUnit: 0.1, sloUtilization: 1, minUnits: 0)
        let simulation = try Simulation(trace: minuteTrace([0.3, 0.7, 0.30000000000000004, 0.31, 0]), scenario: scenario)
        #expect(simulation.demand == [3, 7, 3, 4, 0])
    }

    @Test func durationsRoundUpToSteps() throws {
        let scenario = SimulationScenario(
            name: "round", capacityPerUnit: 1, bootSeconds: 90, warmStartSeconds: 0, metricLagSeconds: 61)
        let physics = try SimulationPhysics(scenario: scenario, stepSeconds: 60)
        #expect(physics.bootSteps == 2)
        #expect(physics.warmSteps == 1)  // max(1, 0)
        #expect(physics.lagSteps == 2)
        let noLag = try SimulationPhysics(scenario: SimulationScenario(name: "r", capacityPerUnit: 1, metricLagSeconds: 0), stepSeconds: 60)
        #expect(noLag.lagSteps == 0)
        #expect(noLag.bootSteps == 5)  // the default 300 s
    }

    @Test func invalidScenariosAreRefused() {
        let bad: [SimulationScenario] = [
            SimulationScenario(name: "a", capacityPerUnit: 0),
            SimulationScenario(name: "b", capacityPerUnit: 1, sloUtilization: 1.5),
            SimulationScenario(name: "c", capacityPerUnit: 1, minUnits: -1),
            SimulationScenario(name: "d", capacityPerUnit: 1, bootSeconds: -5),
            SimulationScenario(name: "e", capacityPerUnit: 1, pricePerUnitHour: .nan),
        ]
        for scenario in bad {
            #expect(throws: SimulationError.self) { try Simulation(trace: minuteTrace([1, 2]), scenario: scenario) }
        }
        // A load that would need more than 10^12 units is a unit mismatch, not a service.
        #expect(throws: SimulationError.self) {
            try Simulation(trace: minuteTrace([1e300, 1]), scenario: handScenario())
        }
    }
}
