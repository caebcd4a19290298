import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

/// `--score-from`/`--score-until`: the whole trace is replayed, only the window is scored.
@Suite struct ScoreWindowTests {
    static let loads: [Double] = (0..<240).map { (step: Int) -> Double in
        let wave: Double = 35 * sin(Double(step) / 9)
        let spike: Double = step % 37 == 0 ? 60 : 0
        return 40 + wave + spike
    }

    @Test func theWindowScoresExactlyItsStepsOfTheFullReplay() throws {
        let full = try Simulation(trace: minuteTrace(Self.loads), scenario: handScenario(lagSeconds: 60))
        let window = 100..<180
        let windowed = try full.scored(window)
        let policy = BaselinePolicies.awsTargetTracking()
        let whole = full.run(policy, recordTimeline: true)
        let part = windowed.run(policy, recordTimeline: true)
        // The replay is the same step for step: history carries into the window.
        #expect(part.timeline == whole.timeline)
        let timeline = try #require(whole.timeline)
        var cost = 0.0, under = 0, short = 0, actions = 0, oracle = 0.0
        for t in window {
            let ready = Int(timeline.ready[t]), demand = full.demand[t]
            cost += Double(ready + Int(timeline.booting[t]) + Int(timeline.preparing[t])) * full.physics.unitStepPrice
            if ready < demand {
                under += 1
                short += demand - ready
            }
            oracle += Double(demand) * full.physics.unitStepPrice
            // A scaling action: D[t] differs from the units in service (ready + booting) it acted on.
            if Int(timeline.desired[t]) != ready + Int(timeline.booting[t]) { actions += 1 }
        }
        let s = part.scores
        #expect(close(s.cost, cost))
        #expect(close(s.oracleCost, oracle))
        #expect(close(s.costRatio, cost / oracle))
        #expect(s.underProvisionedSeconds == Double(under * 60))
        #expect(s.unitStepsShort == short)
        #expect(s.scalingActions == actions)
        #expect(close(s.tauU, 100 * Double(under) / Double(window.count)))
        #expect(s != whole.scores)
    }

    @Test func aWindowIsNamedInTheTraceOwnTimestamps() throws {
        let iso = Trace(name: "iso", timestampFormat: .iso8601, startSeconds: 1_767_225_600, stepSeconds: 60, values: Array(repeating: 5, count: 120))
        #expect(try iso.step(at: "2026-01-01T00:30:00Z", option: "--score-from") == 30)
        #expect(try iso.step(at: "2026-01-01T00:30:30Z", option: "--score-from") == 31)
        #expect(try iso.step(at: "1800", option: "--score-from") == 30)
        #expect(try iso.steps(from: "2026-01-01T01:00:00Z", until: nil) == 60..<120)
        let seconds = Trace(name: "sec", timestampFormat: .seconds, startSeconds: 600, stepSeconds: 60, values: Array(repeating: 5, count: 10))
        #expect(try seconds.steps(from: "720", until: "900") == 2..<5)
    }

    @Test func aWindowOutsideTheTraceNamesItsSpan() throws {
        let iso = Trace(name: "iso", timestampFormat: .iso8601, startSeconds: 1_767_225_600, stepSeconds: 60, values: Array(repeating: 5, count: 120))
        #expect {
            try iso.steps(from: "2026-02-01T00:00:00Z", until: nil)
        } throws: { error in
            "\(error)" == "score window: --score-from 2026-02-01T00:00:00Z is outside the trace 'iso', which spans 2026-01-01T00:00:00Z to 2026-01-01T02:00:00Z (120 steps of 60 s)"
        }
        #expect(throws: SimulationError.self) { try iso.steps(from: "2025-12-31T23:59:00Z", until: nil) }
        #expect(throws: SimulationError.self) { try iso.steps(from: "01:00", until: nil) }
        #expect {
            try iso.steps(from: "2026-01-01T01:00:00Z", until: "2026-01-01T01:00:00Z")
        } throws: { error in
            "\(error)".contains("holds no step")
        }
    }

    @Test func outputsSayWhichStepsWereScored() async throws {
        let iso = Trace(name: "iso", timestampFormat: .iso8601, startSeconds: 1_767_225_600, stepSeconds: 60, values: Self.loads)
        let simulation = try Simulation(trace: iso, scenario: handScenario()).scored(60..<120)
        let report = try await SimulationRunner.run(simulation, policies: [BaselinePolicies.headroom()], recordTimelines: true)
        #expect(report.table().contains("scored: 2026-01-01T01:00:00Z until 2026-01-01T02:00:00Z (60 steps, 1h"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let scored = try #require(object["scored"] as? [String: Any])
        #expect(scored["from"] as? String == "2026-01-01T01:00:00Z")
        #expect(scored["until"] as? String == "2026-01-01T02:00:00Z")
        #expect(scored["steps"] as? Int == 60)
        #expect(HTMLReport.render(report).contains("<b>Scored: 2026-01-01T01:00:00Z until 2026-01-01T02:00:00Z"))
        let whole = try await SimulationRunner.run(Simulation(trace: iso, scenario: handScenario()), policies: [BaselinePolicies.headroom()])
        #expect(!whole.table().contains("scored:"))
    }
}
