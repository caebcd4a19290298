import PolicyFiles
import Simulator
import Testing

@testable import Tuning

/// The warning when the replay starts far from the demand it meets at once.
@Suite struct StartWarningTests {
    /// Four days of five-minute steps at 200 (20 units of the web scenario), after a first step of `first`.
    static func trace(first: Double) -> Trace {
        var values = [Double](repeating: 200, count: 4 * 288)
        values[0] = first
        for step in stride(from: 1, to: values.count, by: 7) { values[step] = 230 }
        return Trace(name: "start", stepSeconds: 300, values: values)
    }

    @Test func aFirstStepFarBelowTheDemandAfterItIsSaidWithTheFix() throws {
        let tuner = try Tuner(trace: Self.trace(first: 10), scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        let warning = try #require(tuner.startWarning)
        #expect(warning.hasPrefix("the replay starts with 2 units ready (the first step's demand; the scenario sets no initialUnits)"))
        #expect(warning.contains("median over the first 1h 00m is 25 units"))
        #expect(warning.hasSuffix("(initialUnits: 25)."))
        #expect(tuner.traceWarnings.contains(warning))
    }

    @Test func farAboveIsSaidToo() throws {
        let tuner = try Tuner(trace: Self.trace(first: 2000), scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        #expect(tuner.startWarning?.contains("starts with 250 units ready") == true)
    }

    @Test func aScenarioThatSaysWhereTheServiceStartedIsNotWarned() throws {
        var scenario = webScenario
        scenario.initialUnits = 2
        let tuner = try Tuner(trace: Self.trace(first: 10), scenario: scenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        #expect(tuner.startWarning == nil)
    }

    @Test func aStartNearTheDemandIsNotWarned() throws {
        // 180 is 23 units against 25: near.
        let near = try Tuner(trace: Self.trace(first: 180), scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        #expect(near.startWarning == nil)
        // Half the demand, but two units apart: the noise of a small service.
        var small = Self.trace(first: 8)
        for step in 1..<small.values.count { small.values[step] = 24 }
        let tiny = try Tuner(trace: small, scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        #expect(tiny.startWarning == nil)
        let daily = try Tuner(trace: dailyTrace(days: 4), scenario: webScenario, baseline: try awsBaseline(), budget: 1, seed: 1)
        #expect(daily.startWarning == nil)
    }
}
