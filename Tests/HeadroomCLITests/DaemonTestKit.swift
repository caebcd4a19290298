import AWSClient
import Foundation
import HeadroomTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the daemon end-to-end suites share: the built binary, policy files, metric
/// datapoints in moto, and `headroom run` daemons in the background with their endpoints.
enum DaemonTestKit {
    static let binary = HeadroomExecutable.url

    static func administrator() async throws -> MotoIdentity {
        let endpoint = try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL
        return try await MotoAccount.shared.administrator(at: endpoint)
    }

    /// A temporary file path (not created) ending in `suffix`.
    static func temporaryFile(_ suffix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("headroom-e2e-\(UUID().uuidString)\(suffix)")
    }

    /// Writes `yaml` to a temporary policy file.
    static func policyFile(_ yaml: String) throws -> URL {
        let file = temporaryFile(".yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A policy for `ecs:CLUSTER/api` whose one metric is a queue backlog, a total: the
    /// desired count is `ceil(backlog / 10)` whatever the current count, so a daemon writes
    /// once and then holds.
    static func backlogPolicy(cluster: String) -> String {
        """
        Target: ecs:\(cluster)/api
        MinCapacity: 1
        MaxCapacity: 20
        TargetTracking:
          Metrics:
            - Name: backlog
              TargetValue: 10
              ValueType: Total
              CloudWatch:
                Namespace: Custom/Queue
                MetricName: Backlog
                Dimensions: {Queue: \(cluster)}
                Statistic: Average
                Period: 60
        """
    }

    /// Puts one complete one-minute datapoint, two minutes old.
    static func putMetric(
        namespace: String, name: String, dimensions: [String: String], value: Double, as identity: MotoIdentity
    ) async throws {
        let cloudWatch = CloudWatchClient(client: identity.client(.cloudWatch))
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 120
        try await cloudWatch.putMetricData(namespace: namespace, data: [
            CloudWatch.MetricDatum(
                metricName: name, dimensions: dimensions.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) },
                timestamp: Date(timeIntervalSince1970: minute), value: value),
        ])
    }

    static func putBacklog(_ value: Double, cluster: String, as identity: MotoIdentity) async throws {
        try await putMetric(namespace: "Custom/Queue", name: "Backlog", dimensions: ["Queue": cluster], value: value, as: identity)
    }

    static func desiredCount(cluster: String, service: String = "api", as identity: MotoIdentity) async throws -> Int? {
        try await MotoSeed(identity).ecs.describeServices(cluster: cluster, services: [service]).service(named: service)?.desiredCount
    }

    static func setDesiredCount(_ count: Int, cluster: String, service: String = "api", as identity: MotoIdentity) async throws {
        _ = try await MotoSeed(identity).ecs.updateService(cluster: cluster, service: service, desiredCount: count)
    }

    /// Runs `body` with a group that starts daemons, and stops every one of them afterwards,
    /// also when `body` throws (a failed `#require`).
    static func withDaemons<Result>(_ body: (DaemonGroup) async throws -> Result) async throws -> Result {
        let group = DaemonGroup()
        let result: Result
        do {
            result = try await body(group)
        } catch {
            await group.stopAll()
            throw error
        }
        await group.stopAll()
        return result
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes; whether it held.
    static func eventually(within timeout: Duration, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// The daemons a test started, to stop them all at its end.
final class DaemonGroup: Sendable {
    private let started = Mutex<[RunningDaemon]>([])

    /// Starts a daemon; see ``RunningDaemon/init(policy:holder:as:arguments:)``.
    func start(policy: URL, holder: String, as identity: MotoIdentity, arguments: [String] = []) throws -> RunningDaemon {
        let daemon = try RunningDaemon(policy: policy, holder: holder, as: identity, arguments: arguments)
        started.withLock { $0.append(daemon) }
        return daemon
    }

    func stopAll() async {
        for daemon in started.withLock({ $0 }) { await daemon.stop() }
    }
}

/// One `headroom run` in the background, with its own listen port and journal.
final class RunningDaemon: Sendable {
    let process: BackgroundProcess
    let holder: String
    let port: Int
    let journal: URL

    private static let http = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(2), request: .seconds(5))))

    /// Starts `headroom run --interval 1s` on `policy` as `identity`, listening on a free port,
    /// journaling to a temporary file; `arguments` add to (or override) those.
    init(policy: URL, holder: String, as identity: MotoIdentity, arguments: [String] = []) throws {
        try #require(FileManager.default.isExecutableFile(atPath: DaemonTestKit.binary.path), "\(HeadroomExecutable.missingMessage)")
        port = try MotoServer.freePort()
        journal = DaemonTestKit.temporaryFile(".jsonl")
        self.holder = holder
        let environment = identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own }
        process = try BackgroundProcess.start(
            DaemonTestKit.binary,
            ["run", "--policies", policy.path, "--interval", "1s", "--holder-id", holder, "--listen", "127.0.0.1:\(port)",
             "--journal", journal.path, "--log-level", "info"] + arguments,
            environment: environment)
    }

    /// `GET path`: status and body; `nil` when nothing answers (yet).
    func get(_ path: String) async -> (status: Int, body: String)? {
        let request = HTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        guard let response = try? await Self.http.send(request) else { return nil }
        return (response.status, String(decoding: response.body, as: UTF8.self))
    }

    /// `/metrics`, parsed strictly; `nil` when nothing answers (yet).
    func metrics() async throws -> PrometheusExposition? {
        guard let (status, body) = await get("/metrics") else { return nil }
        try #require(status == 200, "GET /metrics answered \(status)")
        return try PrometheusExposition(parsing: body)
    }

    /// `headroom_aws_calls_total` of `operation`, all outcomes together.
    func awsCalls(_ operation: String) async throws -> Double {
        let exposition = try await metrics()
        return exposition?.samples("headroom_aws_calls_total", where: ["operation": operation]).reduce(0) { $0 + $1.value } ?? 0
    }

    /// `headroom_leader`: 1 while it leads, 0 in standby, `nil` before its first tick.
    func leads() async throws -> Bool? {
        try await metrics()?.value("headroom_leader").map { $0 == 1 }
    }

    /// The journal's entries so far (none when the file was never created).
    func journalEntries() throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: journal, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "a journal line is a JSON object: \(line)")
        }
    }

    /// SIGTERM (SIGKILL after 5 s), reaped; removes the journal and log.
    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: journal)
    }
}
