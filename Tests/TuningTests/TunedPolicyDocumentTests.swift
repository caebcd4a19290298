import CapacityCore
import Foundation
import PolicyFiles
import Simulator
import Testing

@testable import Tuning

@Suite struct TunedPolicyDocumentTests {
    /// A production baseline: what the user owns must come through untouched.
    static let productionYAML = """
        # api service
        Name: api
        Kind: aws-target-tracking
        Target: asg:api-fleet
        Region: eu-west-1
        MinCapacity: 2
        MaxCapacity: 40
        ScheduledActions:
          - Name: business-hours
            Schedule: cron(0 8 ? * MON-FRI *)
            Duration: 10h
            Timezone: Europe/Berlin
            MinCapacity: 6
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 55
              CloudWatch:
                Namespace: AWS/EC2
                MetricName: CPUUtilization
                Dimensions: {AutoScalingGroupName: api-fleet}
                Statistic: Average
            - Name: requests
              TargetValue: 1000
              Prometheus:
                Query: sum(rate(http_requests_total{job="api"}[1m]))
          ScaleInCooldown: 600
          Fallback: {FailureThreshold: 3, Capacity: 4}

        """

    @Test func everySampledCandidateReadsBackAsItself() throws {
        let baseline = try PolicyFileLoader.load(yaml: Self.productionYAML, path: "api.yaml")
        let space = TuningSearchSpace(
            baseline: baseline, context: .init(stepSeconds: 60, bootSeconds: 300, warmStartSeconds: 30, fitSeconds: 20 * 86_400))
        var generator = SeededGenerator(seed: 11)
        var sawForecast = false, sawWarmPool = false, sawBuffer = false
        for index in 0..<150 {
            let tuned = space.policy(space.sample(using: &generator), name: "api-tuned")
            sawForecast = sawForecast || tuned.forecast != nil
            sawWarmPool = sawWarmPool || tuned.warmPool != nil
            sawBuffer = sawBuffer || tuned.buffer != nil
            let text = try TunedPolicyDocument.render(
                baselineYAML: Self.productionYAML, baselinePath: "api.yaml", tuned: tuned, header: ["candidate \(index)"], reference: Date())
            #expect(PolicyFileLoader.check(yaml: text, path: "api-tuned.yaml").isEmpty, "\(text)")
            let loaded = try PolicyFileLoader.load(yaml: text, path: "api-tuned.yaml")
            #expect(loaded == tuned)
        }
        #expect(sawForecast && sawWarmPool && sawBuffer)
    }

    @Test func whatTheUserOwnsIsKeptAndTheHeaderComesFirst() throws {
        let baseline = try PolicyFileLoader.load(yaml: Self.productionYAML, path: "api.yaml")
        let space = TuningSearchSpace(
            baseline: baseline, context: .init(stepSeconds: 60, bootSeconds: 300, warmStartSeconds: 30, fitSeconds: 20 * 86_400))
        var generator = SeededGenerator(seed: 4)
        let tuned = space.policy(space.sample(using: &generator), name: "api-tuned")
        let text = try TunedPolicyDocument.render(
            baselineYAML: Self.productionYAML, baselinePath: "api.yaml", tuned: tuned, header: ["first line", "", "last line"],
            reference: Date())
        #expect(text.hasPrefix("# first line\n#\n# last line\nName: api-tuned\nKind: headroom\n"))
        let loaded = try PolicyFileLoader.load(yaml: text, path: "api-tuned.yaml")
        #expect(loaded.target == baseline.target)
        #expect(loaded.region == "eu-west-1")
        #expect(loaded.bounds == baseline.bounds)
        #expect(loaded.schedules == baseline.schedules)
        #expect(loaded.metrics.map(\.name) == ["cpu", "requests"])
        #expect(loaded.metrics.map(\.source) == baseline.metrics.map(\.source))
        guard case .targetTracking(let written) = loaded.strategy, case .targetTracking(let original) = baseline.strategy else {
            Issue.record("not target tracking")
            return
        }
        #expect(written.fallback == original.fallback)
        #expect(!text.contains("ScaleInCooldown"), "the shorthand would clash with ScaleIn.Cooldown")
    }

    @Test func aBaselineThatIsNotYAMLIsNamed() throws {
        let tuned = try awsBaseline()
        #expect {
            try TunedPolicyDocument.render(baselineYAML: "a: [", baselinePath: "base.yaml", tuned: tuned, header: [], reference: Date())
        } throws: { error in
            "\(error)".hasPrefix("base.yaml:")
        }
    }
}

@Suite struct TunedPolicyChangesTests {
    static func kept() throws -> CapacityPolicy {
        var kept = try PolicyFileLoader.load(yaml: TunedPolicyDocumentTests.productionYAML, path: "api.yaml")
        kept.name = "api-tuned"
        kept.kind = .headroom
        return kept
    }

    static func changes(_ tuned: CapacityPolicy) throws -> [String] {
        let baseline = try PolicyFileLoader.load(yaml: TunedPolicyDocumentTests.productionYAML, path: "api.yaml")
        return try TunedPolicyDocument.changes(
            baselineYAML: TunedPolicyDocumentTests.productionYAML, baselinePath: "api.yaml", baseline: baseline, tuned: tuned,
            reference: Date()
        ).map(\.text)
    }

    @Test func theBaselineSpeltOutChangesNothing() throws {
        // AWS's preset alarms and the implicit settings are compared as the values they stand for.
        #expect(try Self.changes(Self.kept()) == [])
    }

    @Test func eachChangedSettingOnceAndAWholeSectionOnOneLine() throws {
        var tuned = try Self.kept()
        guard case .targetTracking(var tracking) = tuned.strategy else {
            Issue.record("not target tracking")
            return
        }
        tracking.metrics[1].targetValue = 900
        tracking.tolerance = 0.05
        tracking.scaleIn.alarm = nil
        tuned.strategy = .targetTracking(tracking)
        tuned.buffer = VolatilityBuffer(windowSeconds: 1800, deviations: 1.5, bucketSeconds: 60)
        // The scale-in alarm comes from the baseline's kind (the file never writes it), and goes last:
        // settings the tuned file drops follow the ones it writes.
        #expect(
            try Self.changes(tuned) == [
                "TargetTracking.Metrics[requests].TargetValue: 1000 → 900",
                "TargetTracking.Tolerance: 0 → 0.05",
                "Buffer: none → Window 1800, Deviations 1.5, Bucket 60, WarmPoolDeviations 0",
                "TargetTracking.ScaleIn.Alarm: Datapoints 15, PeriodSeconds 60, ThresholdRatio 0.9 → none",
            ])
    }
}
