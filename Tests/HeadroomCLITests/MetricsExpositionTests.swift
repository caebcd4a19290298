import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// The strict exposition reader itself: it must refuse what Prometheus refuses, or the
/// end-to-end check below proves nothing.
@Suite("PrometheusExposition (the strict reader the /metrics tests use)")
struct PrometheusExpositionReaderTests {
    static let valid = """
        # HELP requests_total Requests served.
        # TYPE requests_total counter
        requests_total{code="200",path="/a\\"b\\\\c\\nd"} 12
        requests_total{code="500",path="/"} 0 1700000000000
        # TYPE latency_seconds histogram
        latency_seconds_bucket{op="x",le="0.1"} 1
        latency_seconds_bucket{op="x",le="1.0"} 3
        latency_seconds_bucket{op="x",le="+Inf"} 4
        latency_seconds_sum{op="x"} 2.5e0
        latency_seconds_count{op="x"} 4
        up NaN

        """

    @Test func readsAValidExposition() throws {
        let exposition = try PrometheusExposition(parsing: Self.valid)
        #expect(exposition.families["requests_total"]?.type == "counter")
        #expect(exposition.families["requests_total"]?.help == "Requests served.")
        #expect(exposition.value("requests_total", ["code": "200", "path": "/a\"b\\c\nd"]) == 12)
        #expect(exposition.families["latency_seconds"]?.samples.count == 5)
        #expect(exposition.families["up"]?.type == "untyped")
        #expect(exposition.value("up")?.isNaN == true)
    }

    @Test(arguments: [
        ("9lives 1", "invalid metric name"),
        ("a-b 1", "invalid metric name"),
        ("x{code=200} 1", "not quoted"),
        ("x{__name=\"a\"} 1", "invalid label name"),
        ("x{a=\"1\",a=\"2\"} 1", "twice"),
        ("x{a=\"1\"} one", "invalid value"),
        ("x 1 2 3", "expected a value"),
        ("x{a=\"\\t\"} 1", "invalid escape"),
        ("x 1\nx 2", "duplicate series"),
        ("x 1\ny 1\nx{a=\"b\"} 1", "not together"),
        ("x 1\n# TYPE x gauge", "after its samples"),
        ("# TYPE x gauge\n# TYPE x counter", "a second TYPE"),
        ("# TYPE x meter", "TYPE must be one of"),
        ("# TYPE x counter\nx -1", "must not be negative"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1", "counts"),
        ("# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1", "le 1.0 after 2.0"),
        ("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1", "no le=\"+Inf\""),
        ("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3", "_count 3.0"),
        ("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 2", "no _sum"),
        ("# TYPE h histogram\nh 1", "must end in _bucket"),
    ])
    func refuses(_ text: String, _ problem: String) {
        #expect {
            _ = try PrometheusExposition(parsing: text)
        } throws: { error in
            "\(error)".contains(problem)
        }
    }
}

/// `/metrics` of a running daemon against moto (signature checks on), read with the strict
/// reader: per-target gauges, decisions, AWS calls by outcome, reconcile duration.
@Suite(
    "headroom run /metrics against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct MetricsExpositionTests {
    @Test("/metrics is valid Prometheus text with the target gauges, decisions, AWS calls by outcome and reconcile duration")
    func metricsExposition() async throws {
        let admin = try await DaemonTestKit.administrator()
        let seed = MotoSeed(admin)
        try await seed.cluster("expo", services: ["api"], desiredCount: 4)
        _ = try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "expo", service: "api"), minCapacity: 2, maxCapacity: 12))
        try await seed.autoScalingGroup("expo-web", min: 1, max: 10, desired: 2)
        try await DaemonTestKit.putMetric(
            namespace: "AWS/ECS", name: "CPUUtilization", dimensions: ["ClusterName": "expo", "ServiceName": "api"], value: 90, as: admin)
        try await DaemonTestKit.putMetric(
            namespace: "AWS/EC2", name: "CPUUtilization", dimensions: ["AutoScalingGroupName": "expo-web"], value: 90, as: admin)
        let ecsPolicy = try DaemonTestKit.policyFile(Self.cpuPolicy(target: "ecs:expo/api", namespace: "AWS/ECS", dimensions: "{ClusterName: expo, ServiceName: api}"))
        let asgPolicy = try DaemonTestKit.policyFile(Self.cpuPolicy(target: "asg:expo-web", namespace: "AWS/EC2", dimensions: "{AutoScalingGroupName: expo-web}"))
        defer {
            try? FileManager.default.removeItem(at: ecsPolicy)
            try? FileManager.default.removeItem(at: asgPolicy)
        }
        // Denied UpdateService: the ECS target's write fails, so an error outcome is exported.
        let noECSWrites = try await MotoAccount.shared.user(named: "expo-no-ecs-writes", at: admin.endpoint, denying: ["ecs:UpdateService"])

        try await DaemonTestKit.withDaemons { daemons in
            let daemon = try daemons.start(policy: ecsPolicy, holder: "expo", as: noECSWrites, arguments: ["--policies", asgPolicy.path])
            var exposition: PrometheusExposition?
            let ticked = try await DaemonTestKit.eventually(within: .seconds(15)) {
                exposition = try await daemon.metrics()
                return (exposition?.value("headroom_reconcile_duration_seconds_count") ?? 0) >= 2
            }
            try #require(ticked, "two reconciles within 15 s:\n\(daemon.process.output)")
            let metrics = try #require(exposition)

            for (name, type) in [
                ("headroom_target_current_units", "gauge"), ("headroom_target_desired_units", "gauge"),
                ("headroom_target_min_units", "gauge"), ("headroom_target_max_units", "gauge"),
                ("headroom_target_running_units", "gauge"), ("headroom_leader", "gauge"),
                ("headroom_decisions_total", "counter"), ("headroom_aws_calls_total", "counter"),
                ("headroom_target_errors_total", "counter"),
                ("headroom_reconcile_duration_seconds", "histogram"), ("headroom_aws_call_duration_seconds", "histogram"),
            ] {
                #expect(metrics.families[name]?.type == type, "\(name) is a \(type)")
            }
            // Region and account come from the daemon's own configuration and GetCallerIdentity.
            let placed = ["region": "us-east-1", "account": MotoAccount.accountID]
            let api = placed.merging(["target": "ecs:expo/api"]) { $1 }, web = placed.merging(["target": "asg:expo-web"]) { $1 }
            #expect(metrics.value("headroom_target_min_units", api) == 2, "the scalable target's bounds tighten the policy's 1...20")
            #expect(metrics.value("headroom_target_max_units", api) == 12)
            #expect(metrics.value("headroom_target_current_units", api) == 4, "the write was denied")
            #expect(metrics.value("headroom_target_desired_units", api) == 6, "ceil(4 × 90 / 60)")
            #expect(metrics.value("headroom_target_min_units", web) == 1)
            #expect(metrics.value("headroom_target_max_units", web) == 10)
            #expect((metrics.value("headroom_target_current_units", web) ?? 0) >= 3, "the group was raised from 2")
            #expect(metrics.value("headroom_leader") == 1, "a single replica always leads")

            #expect(!metrics.samples("headroom_decisions_total", where: ["target": "asg:expo-web", "action": "scale-out"]).isEmpty)
            #expect(!metrics.samples("headroom_decisions_total", where: ["target": "ecs:expo/api", "action": "failed"]).isEmpty)
            #expect((metrics.samples("headroom_target_errors_total", where: ["target": "ecs:expo/api", "kind": "access_denied"]).first?.value ?? 0) >= 1)

            func calls(_ service: String, _ operation: String, _ outcome: String) -> Double {
                metrics.value("headroom_aws_calls_total", ["service": service, "operation": operation, "outcome": outcome]) ?? 0
            }
            #expect(calls("ecs", "DescribeServices", "ok") >= 2, "one per tick")
            #expect(calls("application-autoscaling", "DescribeScalableTargets", "ok") >= 2)
            #expect(calls("autoscaling", "DescribeAutoScalingGroups", "ok") >= 2)
            #expect(calls("monitoring", "GetMetricData", "ok") >= 2, "both targets' metrics in one call per tick")
            #expect(calls("autoscaling", "SetDesiredCapacity", "ok") >= 1)
            #expect(calls("sts", "GetCallerIdentity", "ok") == 1, "the credential check at start-up")
            let denied = metrics.samples("headroom_aws_calls_total", where: ["service": "ecs", "operation": "UpdateService"])
            #expect(!denied.isEmpty && denied.allSatisfy { $0.labels["outcome"] != "ok" })
            #expect(denied.contains { $0.labels["outcome"]?.contains("AccessDenied") == true }, "\(denied)")
            #expect((metrics.value("headroom_aws_call_duration_seconds_count", ["service": "ecs", "operation": "DescribeServices"]) ?? 0) >= 2)
        }
    }

    static func cpuPolicy(target: String, namespace: String, dimensions: String) -> String {
        """
        Target: \(target)
        MinCapacity: 1
        MaxCapacity: 20
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              CloudWatch:
                Namespace: \(namespace)
                MetricName: CPUUtilization
                Dimensions: \(dimensions)
                Statistic: Average
                Period: 60
        """
    }
}
