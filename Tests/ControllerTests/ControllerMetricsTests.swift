import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Prometheus exposition")
struct ControllerMetricsTests {
    /// Every sample line is `name{label="value",...} number` and the per-target gauges carry
    /// what the reconcile decided.
    @Test func exposureParsesAsPrometheusTextFormat() async throws {
        let api = ecs("api")
        let backend = FakeBackend([api: TargetState(desired: 4, running: 4, bounds: CapacityBounds(min: 1, max: 20))])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        let recorder = ControllerMetrics()
        let reconciler = Reconciler(
            policies: [cpuPolicy(api)], backend: backend, metrics: metrics, store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil), recorder: recorder)
        _ = await reconciler.reconcile(at: start, actuate: true)
        recorder.leader(true)
        recorder.reconciled(duration: .milliseconds(12))

        let text = recorder.exposition()
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?([0-9.eE+-]+|NaN|\+Inf|-Inf)$"#)
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: sample) != nil, "not a Prometheus sample line: \(line)")
            let parts = line.split(separator: " ")
            samples[String(parts[0])] = Double(parts[parts.count - 1])
        }
        #expect(samples[#"headroom_target_desired_units{target="ecs:prod/api",region="",account=""}"#] == 6)
        #expect(samples[#"headroom_target_current_units{target="ecs:prod/api",region="",account=""}"#] == 4)
        #expect(samples[#"headroom_target_max_units{target="ecs:prod/api",region="",account=""}"#] == 20)
        #expect(samples[#"headroom_leader"#] == 1)
        #expect(text.contains("headroom_decisions_total{"))
        #expect(text.contains("headroom_reconcile_duration_seconds_bucket{"))
    }
}
