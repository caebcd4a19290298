import CapacityCore
import Controller
import Foundation
import MetricSources
import PolicyFiles
import Simulator
import Testing

/// The daemon's world, replaying what the simulator saw at each step: AWS reports the
/// simulator's units, the metric source reports the simulator's lagged utilization.
actor ReplayedWorld: CapacityBackend, MetricSource {
    let trace: Trace
    let timeline: Timeline
    let capacityPerUnit: Double
    let lagSteps: Int
    var step = 0
    private(set) var written: [Int: Int] = [:]

    init(trace: Trace, timeline: Timeline, capacityPerUnit: Double, lagSteps: Int) {
        self.trace = trace
        self.timeline = timeline
        self.capacityPerUnit = capacityPerUnit
        self.lagSteps = lagSteps
    }

    func go(to step: Int) { self.step = step }

    private func inService(_ t: Int) -> Int { Int(timeline.ready[t] + timeline.booting[t]) }

    func describe(_ targets: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>] {
        let running = step >= lagSteps ? Int(timeline.ready[step - lagSteps]) : Int(timeline.ready[step])
        var result: [TargetReference: Result<TargetState, TargetError>] = [:]
        for target in targets { result[target] = .success(TargetState(desired: inService(step), running: running)) }
        return result
    }

    func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        guard step >= lagSteps else { return queries.map { _ in .missing } }
        let observed = step - lagSteps
        let load = trace.values[observed]
        let ready = Double(timeline.ready[observed])
        let utilization = load == 0 ? 0 : (ready == 0 ? Double.infinity : load / (ready * capacityPerUnit))
        let reading = MetricReading.value(100 * utilization, at: trace.date(ofStep: observed), periodSeconds: Double(trace.stepSeconds))
        return queries.map { _ in reading }
    }

    func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError) { written[step] = desired }
    func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError) {}
    func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError) {}
    func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling { ForeignScaling(service: "none") }
}

@Suite("Same code in both worlds")
struct SameCodeInBothWorldsTests {
    /// Replays two days of a diurnal trace (with a flash crowd) through the simulator and through
    /// the daemon's reconciler with an injected clock: every step's decision must agree.
    @Test func reconcilerAndSimulatorDecideAlike() async throws {
        let trace = SyntheticTrace.diurnal(days: 10, stepSeconds: 300, peak: 400)
        let scenario = SimulationScenario(name: "web", capacityPerUnit: 10, bootSeconds: 600, metricLagSeconds: 300)
        // The shipped planning policy (volatility buffer) plus the seasonal forecast, so both floors
        // go through both worlds.
        var policy = BaselinePolicies.headroom()
        policy.forecast = ForecastPolicy(horizonSeconds: 900, seasonsSeconds: [86_400, 604_800], headroom: 0)
        policy.target = .ecsService(cluster: "prod", service: "api")
        if case .targetTracking(var tracking) = policy.strategy {
            tracking.metrics[0].source = .prometheus(query: "utilization")
            policy.strategy = .targetTracking(tracking)
        }
        let simulation = try Simulation(trace: trace, scenario: scenario)
        let run = simulation.run(policy, recordTimeline: true)
        let timeline = try #require(run.timeline)

        let world = ReplayedWorld(trace: trace, timeline: timeline, capacityPerUnit: scenario.capacityPerUnit, lagSteps: simulation.physics.lagSteps)
        let reconciler = Reconciler(policies: [policy], backend: world, metrics: world, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        var mismatches: [String] = []
        var forecastFloors = 0
        var bufferFloors = 0
        for step in 0..<trace.count {
            await world.go(to: step)
            let report = await reconciler.reconcile(at: trace.date(ofStep: step), actuate: true)
            let decision = try #require(report.outcomes.first?.decision)
            if decision.reasons.contains(where: { $0.code == "forecast_floor" }) { forecastFloors += 1 }
            if decision.reasons.contains(where: { $0.code == "buffer_floor" }) { bufferFloors += 1 }
            if decision.desired != Int(timeline.desired[step]) {
                mismatches.append("step \(step): daemon \(decision.desired), simulator \(timeline.desired[step])")
            }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(5))")
        let changes = (1..<trace.count).filter { timeline.desired[$0] != timeline.desired[$0 - 1] }.count
        #expect(changes > 50, "the replay must exercise scaling both ways, not a flat line")
        #expect(forecastFloors > 0, "the forecast must have raised a floor on days two to ten")
        #expect(bufferFloors > 0, "the volatility buffer must have held units")
    }

    /// AWS target tracking on a service with quiet minutes (no request at all): the daemon
    /// decides every step as the simulator does, and one idle minute is one datapoint of the
    /// fifteen the scale-in alarm waits for, not a drop to the minimum.
    @Test func quietMinutesWaitForTheScaleInAlarmInBothWorlds() async throws {
        var trace = SyntheticTrace.diurnal(days: 2, stepSeconds: 60, peak: 400)
        let quiet = Array(stride(from: 150, to: trace.count, by: 97))
        for step in quiet { trace.values[step] = 0 }
        let scenario = SimulationScenario(name: "web", capacityPerUnit: 10, bootSeconds: 120, metricLagSeconds: 60)
        var policy = BaselinePolicies.awsTargetTracking()
        policy.target = .ecsService(cluster: "prod", service: "api")
        if case .targetTracking(var tracking) = policy.strategy {
            tracking.metrics[0].source = .prometheus(query: "utilization")
            policy.strategy = .targetTracking(tracking)
        }
        let simulation = try Simulation(trace: trace, scenario: scenario)
        let timeline = try #require(simulation.run(policy, recordTimeline: true).timeline)

        let world = ReplayedWorld(trace: trace, timeline: timeline, capacityPerUnit: scenario.capacityPerUnit, lagSteps: simulation.physics.lagSteps)
        let reconciler = Reconciler(policies: [policy], backend: world, metrics: world, store: InMemoryStateStore(), journal: DecisionJournal(url: nil))
        var mismatches: [String] = []
        var daemon: [Int] = []
        for step in 0..<trace.count {
            await world.go(to: step)
            let report = await reconciler.reconcile(at: trace.date(ofStep: step), actuate: true)
            let decision = try #require(report.outcomes.first?.decision)
            daemon.append(decision.desired)
            if decision.desired != Int(timeline.desired[step]) {
                mismatches.append("step \(step): daemon \(decision.desired), simulator \(timeline.desired[step])")
            }
        }
        #expect(mismatches.count == 0, "first mismatches: \(mismatches.prefix(5))")
        // The step that reads a quiet minute (metric lag later) keeps the count, unless the
        // fourteen minutes before it were already below the scale-in threshold (54 %): then the
        // quiet one is the fifteenth datapoint and the alarm fires, as it would at AWS.
        let lag = simulation.physics.lagSteps
        func utilization(_ step: Int) -> Double { 100 * trace.values[step] / (Double(timeline.ready[step]) * scenario.capacityPerUnit) }
        var held = 0
        for step in quiet where step + lag < trace.count {
            if daemon[step + lag] >= daemon[step + lag - 1] {
                held += 1
            } else {
                let before = (step - 14)..<step
                #expect(before.allSatisfy { utilization($0) < 54 }, "the quiet minute at step \(step) scaled in at once")
            }
        }
        #expect(held >= 20, "most quiet minutes fall where the load is above the threshold: \(held) of \(quiet.count) held")
    }
}
