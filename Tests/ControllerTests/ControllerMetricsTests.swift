import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
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

    /// Every family `/metrics` can show, each with a HELP line, and what an operator asks
    /// first: when the target was last decided for, and whether it sits at its min or max.
    @Test func everyFamilyHasHelpTextAndThePinnedAndLastDecisionGauges() async throws {
        let api = ecs("api"), web = ecs("web")
        let backend = FakeBackend([
            api: TargetState(desired: 4, running: 4, bounds: CapacityBounds(min: 1, max: 20)),
            web: TargetState(desired: 4, running: 4, bounds: CapacityBounds(min: 1, max: 5)),
        ])
        let metrics = FakeMetrics()
        await metrics.set("cpu:\(api)", 90)
        await metrics.set("cpu:\(web)", 300)
        let recorder = ControllerMetrics()
        let reconciler = Reconciler(
            policies: [cpuPolicy(api), cpuPolicy(web, max: 5)], backend: backend, metrics: metrics, store: InMemoryStateStore(),
            journal: DecisionJournal(url: nil), recorder: recorder)
        let report = await reconciler.reconcile(at: start, actuate: true)
        recorder.leader(true)
        recorder.leaseFailing(false)
        recorder.reconciled(duration: .milliseconds(12), at: start, targets: report.outcomes.count, failed: report.failures.count)
        recorder.awsCall(service: "ecs", operation: "DescribeServices", outcome: "ok", duration: .milliseconds(3))
        await backend.fail(api, .throttled("slow down"))
        _ = await reconciler.reconcile(at: start + 60, actuate: true)

        let exposition = try PrometheusExposition(parsing: recorder.exposition())
        let expected: Set<String> = [
            "headroom_target_current_units", "headroom_target_running_units", "headroom_target_desired_units",
            "headroom_target_min_units", "headroom_target_max_units", "headroom_target_pinned", "headroom_target_metric_value",
            "headroom_target_metric_target_value", "headroom_target_last_decision_timestamp_seconds",
            "headroom_target_last_actuation_timestamp_seconds", "headroom_decisions_total", "headroom_target_errors_total",
            "headroom_reconcile_duration_seconds", "headroom_last_reconcile_timestamp_seconds", "headroom_reconcile_targets",
            "headroom_reconcile_failed_targets", "headroom_leader", "headroom_lease_error", "headroom_aws_calls_total",
            "headroom_aws_call_duration_seconds",
        ]
        #expect(Set(exposition.families.keys) == expected)
        for (name, family) in exposition.families {
            #expect(!(family.help ?? "").isEmpty, "\(name) has HELP text")
        }
        // Every target family carries the target's region and account (empty for a single-placement reconciler).
        let placed = ["region": "", "account": ""]
        let apiLabels = placed.merging(["target": "ecs:prod/api"]) { $1 }, webLabels = placed.merging(["target": "ecs:prod/web"]) { $1 }
        #expect(exposition.value("headroom_target_pinned", webLabels.merging(["bound": "max"]) { $1 }) == 1, "300 % CPU wants 20; max is 5")
        #expect(exposition.value("headroom_target_pinned", webLabels.merging(["bound": "min"]) { $1 }) == 0)
        #expect(exposition.value("headroom_target_pinned", apiLabels.merging(["bound": "max"]) { $1 }) == 0, "6 of 20")
        #expect(exposition.value("headroom_target_last_decision_timestamp_seconds", webLabels) == (start + 60).timeIntervalSince1970)
        #expect(exposition.value("headroom_target_last_decision_timestamp_seconds", apiLabels) == start.timeIntervalSince1970, "its read failed at +60")
        #expect(exposition.value("headroom_target_last_actuation_timestamp_seconds", webLabels) == start.timeIntervalSince1970, "4 → 5 written once")
        #expect(exposition.value("headroom_target_metric_target_value", webLabels.merging(["metric": "cpu"]) { $1 }) == 60)
        #expect(exposition.value("headroom_reconcile_targets") == 2)
        #expect(exposition.value("headroom_lease_error") == 0)

        // promtool, Prometheus's own linter, has nothing to say about any family.
        if let promtool = BackgroundProcess.find("promtool", override: "PROMTOOL") {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-metrics-\(UUID().uuidString).prom")
            try recorder.exposition().write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let lint = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "\"$0\" check metrics < \"$1\"", promtool, file.path])
            #expect(lint.status == 0 && lint.stdoutText.isEmpty && lint.stderrText.isEmpty, "promtool check metrics: \(lint.stdoutText)\(lint.stderrText)")
        }
    }
}
