import CapacityCore
import PolicyFiles
import Simulator
import Testing

@testable import Tuning

@Suite struct TuningSearchSpaceTests {
    static let twoWeeks = TuningSearchSpace.Context(stepSeconds: 60, bootSeconds: 90, warmStartSeconds: 30, fitSeconds: 14 * 86_400)

    @Test func everyKnobStaysWithinItsBounds() throws {
        let space = TuningSearchSpace(baseline: try awsBaseline(), context: Self.twoWeeks)
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<2000 {
            let genome = space.sample(using: &generator)
            for knob in space.knobs {
                let value = knob.value(genome.genes[knob.id.rawValue])
                switch knob.values {
                case .range(let bounds, _): #expect(bounds.contains(value), "\(knob.id): \(value)")
                case .choices(let choices): #expect(choices.contains(value), "\(knob.id): \(value)")
                }
            }
        }
    }

    @Test func genesReachBothEndsOfARange() {
        let knob = TuningSearchSpace.Knob(id: .tolerance, values: .range(0...0.15, step: 0.01))
        #expect(knob.value(0) == 0)
        #expect(knob.value(0.999_999) == 0.15)
        #expect(knob.value(1.5) == 0.15)
        #expect(knob.value(0.5) == 0.08)
        let choice = TuningSearchSpace.Knob(id: .scaleOutAlarmDatapoints, values: .choices([0, 1, 2, 3]))
        #expect([0.0, 0.26, 0.51, 0.99].map(choice.value) == [0, 1, 2, 3])
    }

    @Test func mutationNeverLeavesTheUnitInterval() throws {
        let space = TuningSearchSpace(baseline: try awsBaseline(), context: Self.twoWeeks)
        var generator = SeededGenerator(seed: 2)
        var genome = space.sample(using: &generator)
        for _ in 0..<500 {
            genome = space.mutate(genome, scale: 0.8, rate: 0.5, using: &generator)
            #expect(genome.genes.allSatisfy { $0 >= 0 && $0 < 1 })
        }
    }

    @Test func seasonsAreSearchedOnlyWhenTheFittingPartHoldsThemTwice() throws {
        let baseline = try awsBaseline()
        func seasons(fitDays: Double) -> TuningSearchSpace.Knob.Values {
            let context = TuningSearchSpace.Context(stepSeconds: 60, bootSeconds: 90, warmStartSeconds: 30, fitSeconds: Int(fitDays * 86_400))
            return TuningSearchSpace(baseline: baseline, context: context)[.forecastSeasons].values
        }
        #expect(seasons(fitDays: 0.05) == .choices([0]))
        #expect(TuningSearchSpace(
            baseline: baseline, context: .init(stepSeconds: 60, bootSeconds: 90, warmStartSeconds: 30, fitSeconds: 4000))[.forecast].values
            == .choices([0]))
        #expect(seasons(fitDays: 1) == .choices([0]))
        #expect(seasons(fitDays: 2) == .choices([0, 1, 3]))
        #expect(seasons(fitDays: 14) == .choices([0, 1, 2, 3]))
    }

    @Test func warmPoolsOnlyWhereTheyHelpAndAreAllowed() throws {
        let baseline = try awsBaseline()
        #expect(TuningSearchSpace(baseline: baseline, context: Self.twoWeeks)[.warmPool].isSearched)
        let slowWarm = TuningSearchSpace.Context(stepSeconds: 60, bootSeconds: 60, warmStartSeconds: 60, fitSeconds: 86_400)
        #expect(!TuningSearchSpace(baseline: baseline, context: slowWarm)[.warmPool].isSearched)
        var ecs = baseline
        ecs.target = .ecsService(cluster: "prod", service: "api")
        #expect(!TuningSearchSpace(baseline: ecs, context: Self.twoWeeks)[.warmPool].isSearched)
    }

    @Test("a knob said not to be in use takes any value to no effect; one in use has a say")
    func knobsInUse() throws {
        let space = TuningSearchSpace(baseline: try awsBaseline(), context: Self.twoWeeks)
        #expect(space[.warmPool].isSearched && space[.forecast].isSearched, "every part can be on or off here")
        var generator = SeededGenerator(seed: 5)
        var unused: [TuningSearchSpace.KnobID: Int] = [:]
        let alternatives = [0.0, 0.3, 0.6, 0.99]
        for _ in 0..<300 {
            let genome = space.sample(using: &generator)
            let policy = space.policy(genome, name: "p")
            for knob in space.knobs where knob.isSearched {
                let policies = alternatives.map { gene in
                    var moved = genome
                    moved.genes[knob.id.rawValue] = gene
                    return space.policy(moved, name: "p")
                }
                if space.isInUse(knob.id, in: genome) {
                    #expect(policies.contains { $0 != policy }, "\(knob.id) is in use but no value changes the policy")
                } else {
                    unused[knob.id, default: 0] += 1
                    #expect(policies.allSatisfy { $0 == policy }, "\(knob.id) is said not to be in use but changes the policy")
                }
            }
        }
        // Every dependent knob was seen off at least once, and no other knob ever was.
        let dependent: Set<TuningSearchSpace.KnobID> = [
            .scaleOutAlarmThreshold, .scaleInAlarmThreshold, .bufferWindow, .bufferDeviations, .forecastSeasons, .forecastHorizonExtra,
            .forecastHeadroom, .warmPoolMinSize, .warmPoolReuse, .warmPoolDeviations,
        ]
        #expect(Set(unused.keys) == dependent, "\(unused)")
    }

    @Test func aGenomeBecomesThePolicyItNames() throws {
        let baseline = try awsBaseline()
        let space = TuningSearchSpace(baseline: baseline, context: Self.twoWeeks)
        var genes = [Double](repeating: 0, count: space.knobs.count)
        func set(_ id: TuningSearchSpace.KnobID, _ gene: Double) { genes[id.rawValue] = gene }
        set(.targetRatio, 0.5)  // 0.6 + 0.5 × 0.7 = 0.95
        set(.tolerance, 0.34)  // 0.05
        set(.scaleOutAlarmDatapoints, 0.3)  // 1
        set(.scaleOutAlarmThreshold, 0.75)  // 0.85 + 0.75 × 0.2 = 1.0
        set(.scaleInStabilization, 0.5)  // 300
        set(.scaleInRatePercent, 0.65)  // 20
        set(.buffer, 0.9)
        set(.bufferWindow, 0.5)  // 2700
        set(.bufferDeviations, 0.25)  // 0.75
        let policy = space.policy(TuningGenome(genes: genes), name: "tuned")
        guard case .targetTracking(let tracking) = policy.strategy else {
            Issue.record("not target tracking")
            return
        }
        #expect(policy.name == "tuned" && policy.kind == .headroom)
        #expect(policy.bounds == baseline.bounds)
        #expect(tracking.metrics.map(\.name) == ["cpu"])
        #expect(tracking.metrics[0].targetValue == 57)
        #expect(tracking.metrics[0].source == .simulatedUtilization)
        #expect(tracking.tolerance == 0.05)
        #expect(tracking.scaleOut.alarm == AlarmEvaluation(periodSeconds: 60, datapoints: 1, thresholdRatio: 1))
        #expect(tracking.scaleOut.cooldownSeconds == 0)
        #expect(tracking.scaleIn.alarm == nil)
        #expect(tracking.scaleIn.stabilizationWindowSeconds == 300)
        #expect(tracking.scaleIn.rateLimits == [.init(kind: .percent, value: 20, periodSeconds: 60)])
        #expect(policy.buffer == VolatilityBuffer(windowSeconds: 2700, deviations: 0.75, bucketSeconds: 60, warmPoolDeviations: 0))
        #expect(policy.forecast == nil && policy.warmPool == nil)
    }
}
