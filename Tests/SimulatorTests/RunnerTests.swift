import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

@Suite struct RunnerTests {
    @Test func parallelRunsMatchSequentialRunsInTheGivenOrder() async throws {
        // Longer than one chunk, so every task reports progress several times.
        let trace = SyntheticTrace.diurnal(days: 50, peak: 1000)
        let simulation = try Simulation(trace: trace, scenario: SimulationScenario(name: "web", capacityPerUnit: 40))
        let policies = [
            BaselinePolicies.kubernetesHPA(name: "hpa"), BaselinePolicies.fixed(name: "static", units: 40),
            BaselinePolicies.headroom(name: "headroom"),
        ]
        let progress = RunProgress(total: trace.count * policies.count)
        let report = try await SimulationRunner.run(simulation, policies: policies, progress: progress)
        #expect(report.results.map(\.policyName) == ["hpa", "static", "headroom"])
        for (policy, run) in zip(policies, report.results) {
            #expect(run == simulation.run(policy))
        }
        #expect(await progress.done == trace.count * policies.count)
        #expect(await progress.fraction == 1)
        #expect(report.steps == trace.count)
        #expect(report.oracleCost == simulation.oracleCost)
    }

    @Test func chunkedRunsEqualOneRun() throws {
        let simulation = try Simulation(
            trace: SyntheticTrace.diurnal(days: 2, peak: 1000), scenario: SimulationScenario(name: "web", capacityPerUnit: 40))
        var policy = BaselinePolicies.awsTargetTracking()
        policy.warmPool = WarmPoolPolicy(minSize: 1, maxGroupPreparedCapacity: 40, reuseOnScaleIn: true)
        var engine = SimulationEngine(simulation: simulation, policy: policy, recordTimeline: true)
        var step = 0
        while engine.step < simulation.trace.count {
            step += 37
            engine.advance(until: step)
        }
        #expect(engine.result() == simulation.run(policy, recordTimeline: true))
    }
}
