import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// The forecast's history read from CloudWatch at start-up (moto, signature checks on): with
/// two days of CPU and running-task history, `plan` raises a forecast floor at once; without
/// history it says it is reactive only and how much history it waits for.
@Suite(
    "forecast history from CloudWatch",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DaemonForecastHistoryTests {
    static let binary = DaemonTestKit.binary

    func administrator() async throws -> MotoIdentity {
        try await DaemonTestKit.administrator()
    }

    func policyFile(cluster: String) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-forecast-\(UUID().uuidString).yaml")
        try TestPolicies.ecsCPU(cluster: cluster, more: """
            Forecast:
              Horizon: 15m
              Seasons: [1d]
              History: 2d
              Headroom: 0
            """).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Two days of five-minute datapoints: 10 running tasks at 30 % CPU (5 units at the target),
    /// except 90 % (15 units) in the quarter hour that starts now, one and two days ago.
    func putHistory(cluster: String, now: Date, as identity: MotoIdentity) async throws {
        let cloudWatch = CloudWatchClient(client: identity.client(.cloudWatch))
        let dimensions: [CloudWatch.Dimension] = [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")]
        let end = (now.timeIntervalSince1970 / 300).rounded(.down) * 300
        var cpu: [CloudWatch.MetricDatum] = []
        var tasks: [CloudWatch.MetricDatum] = []
        var time = end - 2 * 86_400
        while time < end {
            let sinceDayStart = (time - (end - 86_400)).truncatingRemainder(dividingBy: 86_400)
            let peak = sinceDayStart >= 0 && sinceDayStart < 900 || (time - (end - 2 * 86_400)) < 900
            let stamp = Date(timeIntervalSince1970: time)
            cpu.append(.init(metricName: "CPUUtilization", dimensions: dimensions, timestamp: stamp, value: peak ? 90 : 30, unit: "Percent"))
            tasks.append(.init(metricName: "RunningTaskCount", dimensions: dimensions, timestamp: stamp, value: 10, unit: "Count"))
            time += 300
        }
        for start in stride(from: 0, to: cpu.count, by: 20) {
            try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: Array(cpu[start..<min(start + 20, cpu.count)]))
            try await cloudWatch.putMetricData(namespace: "ECS/ContainerInsights", data: Array(tasks[start..<min(start + 20, tasks.count)]))
        }
    }

    func plan(_ policy: URL, as identity: MotoIdentity) async throws -> [String: Any] {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        let outcome = try await ChildProcess.run(
            Self.binary, ["plan", "--policies", policy.path, "--output", "json"],
            environment: identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own })
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let json = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any], "\(outcome.stdoutText)")
        let targets = try #require(json["targets"] as? [[String: Any]])
        return try #require(targets.first, "\(outcome.stdoutText)")
    }

    @Test("two days of CloudWatch history: plan raises the forecast floor (15 units) at start-up")
    func historySeedsTheForecast() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("seasonal", services: ["api"], desiredCount: 4)
        try await putHistory(cluster: "seasonal", now: Date(), as: admin)
        let policy = try policyFile(cluster: "seasonal")
        defer { try? FileManager.default.removeItem(at: policy) }

        let target = try await plan(policy, as: admin)
        let forecast = try #require(target["forecast"] as? [String: Any], "\(target)")
        #expect(forecast["active"] as? Bool == true, "\(forecast)")
        #expect((forecast["historySeconds"] as? Int ?? 0) >= 86_400, "\(forecast)")
        let codes = (target["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("forecast_floor"), "\(target)")
        #expect(target["desired"] as? Int == 15, "10 tasks × 90 % / 60 % one day ago: \(target)")
    }

    @Test("no history: plan says the policy is reactive only until a day of history exists")
    func withoutHistoryThePolicyIsReactive() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("fresh", services: ["api"], desiredCount: 4)
        let policy = try policyFile(cluster: "fresh")
        defer { try? FileManager.default.removeItem(at: policy) }

        let target = try await plan(policy, as: admin)
        let forecast = try #require(target["forecast"] as? [String: Any], "\(target)")
        #expect(forecast["active"] as? Bool == false)
        #expect(forecast["neededSeconds"] as? Int == 86_400)
        #expect((forecast["message"] as? String)?.contains("reactive only") == true, "\(forecast)")
        #expect(target["desired"] as? Int == 4, "no data, no forecast: the count holds")
    }

    @Test("history unreadable (GetMetricData denied): plan says why the forecast is off and when it reads again")
    func unreadableHistoryIsExplained() async throws {
        let admin = try await administrator()
        try await MotoSeed(admin).cluster("denied-history", services: ["api"], desiredCount: 4)
        // moto names an action by the signing name in the credential scope (`monitoring:`);
        // AWS by the service prefix (`cloudwatch:`).
        let user = try await MotoAccount.shared.user(
            named: "no-metric-data", at: admin.endpoint, denying: ["cloudwatch:GetMetricData", "monitoring:GetMetricData"])
        let policy = try policyFile(cluster: "denied-history")
        defer { try? FileManager.default.removeItem(at: policy) }

        let before = Date()
        let target = try await plan(policy, as: user)
        let forecast = try #require(target["forecast"] as? [String: Any], "\(target)")
        #expect(forecast["active"] as? Bool == false)
        #expect((forecast["historyError"] as? String)?.contains("AccessDenied") == true, "\(forecast)")
        let retryAt = try #require((forecast["retryAt"] as? String).flatMap { try? Date($0, strategy: .iso8601) }, "\(forecast)")
        #expect(retryAt > before.addingTimeInterval(50) && retryAt < Date().addingTimeInterval(61), "a minute after the failed read: \(forecast)")
        #expect((forecast["message"] as? String)?.contains("could not read the forecast's history") == true, "\(forecast)")
        #expect(target["desired"] as? Int == 4, "no readings, no forecast: the count holds")
    }
}
