import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// `deploy/grafana/headroom.json` and `deploy/prometheus/headroom-alerts.yaml` against the real
/// thing: a daemon on moto (signature checks on), scraped every second by a real Prometheus
/// that also evaluates the alert rules. Every dashboard query must return data and every
/// alert expression must evaluate; with `for:` set to 0 the pinned-at-max alert must fire.
@Suite(
    "Grafana dashboard and alert rules against a daemon and Prometheus",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .enabled(if: BackgroundProcess.find("prometheus", override: "PROMETHEUS") != nil, "prometheus is not installed (scripts/install-test-deps.sh)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DashboardAndAlertsTests {
    static let dashboard = HeadroomExecutable.packageRoot.appending(path: "deploy/grafana/headroom.json")
    static let rules = HeadroomExecutable.packageRoot.appending(path: "deploy/prometheus/headroom-alerts.yaml")
    static let ruleTests = HeadroomExecutable.packageRoot.appending(path: "deploy/prometheus/headroom-alerts.test.yaml")

    /// Every `expr` of every panel (rows included).
    static func dashboardQueries() throws -> [(panel: String, expr: String)] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dashboard)) as? [String: Any])
        var queries: [(String, String)] = []
        func collect(_ panels: [[String: Any]]) {
            for panel in panels {
                let title = panel["title"] as? String ?? "?"
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    if let expr = target["expr"] as? String { queries.append((title, expr)) }
                }
                collect(panel["panels"] as? [[String: Any]] ?? [])
            }
        }
        collect(json["panels"] as? [[String: Any]] ?? [])
        return queries
    }

    /// `(alert, expr)` of every rule, read from the YAML by its two keys (block scalars included).
    static func alertExpressions() throws -> [(alert: String, expr: String)] {
        let lines = try String(contentsOf: rules, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var result: [(String, String)] = []
        var index = 0
        var alert = ""
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("- alert: ") { alert = String(line.dropFirst("- alert: ".count)) }
            if line.hasPrefix("expr: ") {
                let value = String(line.dropFirst("expr: ".count))
                if value == "|" {
                    var block: [String] = []
                    while index + 1 < lines.count, lines[index + 1].hasPrefix("          ") {
                        index += 1
                        block.append(lines[index].trimmingCharacters(in: .whitespaces))
                    }
                    result.append((alert, block.joined(separator: " ")))
                } else {
                    result.append((alert, value))
                }
            }
            index += 1
        }
        return result
    }

    @Test("the dashboard uses only $target and $__rate_interval; the rules pass promtool check rules and their unit tests")
    func filesAreWellFormed() async throws {
        let queries = try Self.dashboardQueries()
        #expect(queries.count >= 15)
        let variable = try Regex(#"\$\{?([A-Za-z_][A-Za-z0-9_]*)"#)
        for (panel, expr) in queries {
            for match in expr.matches(of: variable) {
                let name = String(expr[match.range].drop { $0 == "$" || $0 == "{" })
                #expect(["target", "__rate_interval"].contains(name), "\(panel): \(expr) uses $\(name)")
            }
            if expr.contains("headroom_target_") {
                #expect(expr.contains(#"target=~"$target""#), "\(panel): per-target queries filter on $target: \(expr)")
            }
        }
        #expect(try Self.alertExpressions().map(\.alert) == [
            "HeadroomNoLeader", "HeadroomLeaseUnavailable", "HeadroomReconcilesFailing", "HeadroomTargetErroring",
            "HeadroomTargetPinnedAtMax", "HeadroomAWSThrottled",
        ])
        let promtool = try #require(BackgroundProcess.find("promtool", override: "PROMTOOL"), "promtool is installed with prometheus")
        let check = try await ChildProcess.run(URL(fileURLWithPath: promtool), ["check", "rules", Self.rules.path])
        #expect(check.status == 0, "\(check.stdoutText)\(check.stderrText)")
        #expect(check.stdoutText.contains("SUCCESS: 6 rules found"), "\(check.stdoutText)")
        let unit = try await ChildProcess.run(
            URL(fileURLWithPath: promtool), ["test", "rules", Self.ruleTests.lastPathComponent],
            currentDirectory: Self.ruleTests.deletingLastPathComponent())
        #expect(unit.status == 0, "promtool test rules:\n\(unit.stdoutText)\(unit.stderrText)")
    }

    @Test("every dashboard query returns data, every alert evaluates, and the pinned-at-max alert fires")
    func queriesAgainstARealPrometheus() async throws {
        let admin = try await DaemonTestKit.administrator()
        let seed = MotoSeed(admin)
        try await seed.cluster("dash", services: ["api"], desiredCount: 4)
        try await seed.autoScalingGroup("dash-web", min: 1, max: 3, desired: 2)
        try await DaemonTestKit.putMetric(
            namespace: "AWS/ECS", name: "CPUUtilization", dimensions: ["ClusterName": "dash", "ServiceName": "api"], value: 90, as: admin)
        try await DaemonTestKit.putMetric(
            namespace: "AWS/EC2", name: "CPUUtilization", dimensions: ["AutoScalingGroupName": "dash-web"], value: 90, as: admin)
        let ecsPolicy = try DaemonTestKit.policyFile(MetricsExpositionTests.cpuPolicy(
            target: "ecs:dash/api", namespace: "AWS/ECS", dimensions: "{ClusterName: dash, ServiceName: api}"))
        let asgPolicy = try DaemonTestKit.policyFile(MetricsExpositionTests.cpuPolicy(
            target: "asg:dash-web", namespace: "AWS/EC2", dimensions: "{AutoScalingGroupName: dash-web}"))
        defer {
            try? FileManager.default.removeItem(at: ecsPolicy)
            try? FileManager.default.removeItem(at: asgPolicy)
        }
        // Denied writes to the ECS service give AWS errors, target errors and failed decisions;
        // the group's own max of 3 pins it (90 % CPU on 2 instances wants 3, then more).
        let user = try await MotoAccount.shared.user(named: "dash-no-ecs-writes", at: admin.endpoint, denying: ["ecs:UpdateService"])

        try await DaemonTestKit.withDaemons { daemons in
            let daemon = try daemons.start(policy: ecsPolicy, holder: "dash", as: user, arguments: ["--policies", asgPolicy.path])
            let prometheus = try await ScrapingPrometheus.start(scraping: daemon.port, rules: Self.rules)
            do {
                try await check(daemon: daemon, prometheus: prometheus)
            } catch {
                await prometheus.stop()
                throw error
            }
            await prometheus.stop()
        }
    }

    private func check(daemon: RunningDaemon, prometheus: ScrapingPrometheus) async throws {
        // Enough scrapes for rate() over 10 s windows and for increase() to see a change.
        let scraped = try await DaemonTestKit.eventually(within: .seconds(40)) {
            let result = try await prometheus.query("count_over_time(headroom_reconcile_duration_seconds_count[30s])")
            return (result.first.flatMap { Double($0.value) } ?? 0) >= 8
        }
        try #require(scraped, "Prometheus scraped the daemon 8 times:\n\(daemon.process.output)\n\(prometheus.log)")

        let (status, body) = try #require(await daemon.get("/metrics"))
        #expect(status == 200)
        let lint = try await prometheus.promtool(checkMetrics: body)
        #expect(lint.isEmpty, "promtool check metrics on the daemon's /metrics: \(lint)")

        for (panel, expr) in try Self.dashboardQueries() {
            let query = expr.replacingOccurrences(of: "$target", with: ".*").replacingOccurrences(of: "$__rate_interval", with: "10s")
            let result = try await prometheus.query(query)
            #expect(!result.isEmpty, "\(panel): \(query) returned no data")
        }
        for (alert, expr) in try Self.alertExpressions() {
            _ = try await prometheus.query(expr)  // throws when Prometheus cannot evaluate it
            _ = alert
        }
        let firing = try await DaemonTestKit.eventually(within: .seconds(20)) {
            try await prometheus.firingAlerts().contains { $0.name == "HeadroomTargetPinnedAtMax" && $0.labels["target"] == "asg:dash-web" }
        }
        let alerts = try await prometheus.firingAlerts()
        #expect(firing, "HeadroomTargetPinnedAtMax fires for asg:dash-web: \(alerts)")
        let erroring = alerts.contains { $0.name == "HeadroomTargetErroring" && $0.labels["target"] == "ecs:dash/api" }
        #expect(erroring, "HeadroomTargetErroring fires for the denied ECS service")
        let quiet = alerts.filter { ["HeadroomNoLeader", "HeadroomLeaseUnavailable"].contains($0.name) }
        #expect(quiet.isEmpty, "a single healthy replica leads: \(quiet)")
        for rule in try await prometheus.ruleHealth() {
            #expect(rule.health == "ok", "\(rule.name): \(rule.health) \(rule.error)")
        }
    }
}
