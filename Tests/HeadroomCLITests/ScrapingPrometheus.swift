import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// A real `prometheus` on 127.0.0.1 that scrapes one daemon every second and evaluates a rules
/// file every second, with every `for:` cut to 0 s so an alert fires as soon as its expression
/// holds (the real durations are checked by `promtool test rules`). Stopped by PID.
final class ScrapingPrometheus: Sendable {
    let port: Int
    private let process: BackgroundProcess
    private let directory: URL
    private static let http = URLSessionTransport(
        configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(2), request: .seconds(10))))

    private init(port: Int, process: BackgroundProcess, directory: URL) {
        self.port = port
        self.process = process
        self.directory = directory
    }

    static func start(scraping target: Int, rules: URL) async throws -> ScrapingPrometheus {
        let binary = try #require(BackgroundProcess.find("prometheus", override: "PROMETHEUS"), "prometheus is installed")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let immediate = try String(contentsOf: rules, encoding: .utf8)
            .replacing(try Regex(#"(?m)^(\s+)for: \S+$"#)) { match in "\(match.output[1].substring ?? "")for: 0s" }
        try immediate.write(to: directory.appending(path: "rules.yaml"), atomically: true, encoding: .utf8)
        let config = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: [rules.yaml]
            scrape_configs:
              - job_name: headroom
                static_configs:
                  - targets: ['127.0.0.1:\(target)']
            """
        try config.write(to: directory.appending(path: "prometheus.yml"), atomically: true, encoding: .utf8)
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try MotoServer.freePort()
            let process = try BackgroundProcess.start(
                URL(fileURLWithPath: binary),
                [
                    "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
                    "--web.listen-address=127.0.0.1:\(port)",
                ],
                environment: ProcessInfo.processInfo.environment)
            let server = ScrapingPrometheus(port: port, process: process, directory: directory)
            if try await server.becameReady() { return server }
            lastError = TestFailure("prometheus did not get ready on port \(port): \(process.outputTail())")
            await process.stop()
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? TestFailure("prometheus did not start")
    }

    private func becameReady() async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { return false }
            if let response = try? await Self.http.send(HTTPRequest(method: "GET", url: url("/-/ready"))), response.status == 200 {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func stop() async {
        await process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var log: String { process.outputTail(2000) }

    private func url(_ path: String, _ query: [URLQueryItem] = []) -> URL {
        var components = URLComponents(string: "http://127.0.0.1:\(port)\(path)")!
        if !query.isEmpty { components.queryItems = query }
        // URLComponents leaves '+' alone, which a server reads as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return components.url!
    }

    /// The `data` of a successful API answer; throws with Prometheus's error otherwise.
    private func api(_ path: String, _ query: [URLQueryItem] = []) async throws -> Any? {
        let response = try await Self.http.send(HTTPRequest(method: "GET", url: url(path, query)))
        let json = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any], "JSON from \(path)")
        guard json["status"] as? String == "success" else {
            throw TestFailure("\(path) \(query): \(json["errorType"] ?? "") \(json["error"] ?? "")")
        }
        return json["data"]
    }

    /// An instant query: each series' labels and value text.
    func query(_ expr: String) async throws -> [(labels: [String: String], value: String)] {
        let data = try #require(try await api("/api/v1/query", [URLQueryItem(name: "query", value: expr)]) as? [String: Any])
        if data["resultType"] as? String == "scalar" {
            let pair = data["result"] as? [Any]
            return [([:], pair?.last as? String ?? "")]
        }
        return (data["result"] as? [[String: Any]] ?? []).map { series in
            ((series["metric"] as? [String: String]) ?? [:], ((series["value"] as? [Any])?.last as? String) ?? "")
        }
    }

    /// Alerts in state `firing`: name and labels.
    func firingAlerts() async throws -> [(name: String, labels: [String: String])] {
        let data = try #require(try await api("/api/v1/alerts") as? [String: Any])
        return (data["alerts"] as? [[String: Any]] ?? []).compactMap { alert in
            guard alert["state"] as? String == "firing", let labels = alert["labels"] as? [String: String] else { return nil }
            return (labels["alertname"] ?? "", labels)
        }
    }

    /// Every loaded rule's health (`ok`, `err`, `unknown`) and last error.
    func ruleHealth() async throws -> [(name: String, health: String, error: String)] {
        let data = try #require(try await api("/api/v1/rules") as? [String: Any])
        var rules: [(String, String, String)] = []
        for group in data["groups"] as? [[String: Any]] ?? [] {
            for rule in group["rules"] as? [[String: Any]] ?? [] {
                rules.append((rule["name"] as? String ?? "", rule["health"] as? String ?? "", rule["lastError"] as? String ?? ""))
            }
        }
        return rules
    }

    /// What `promtool check metrics` says about `exposition` (empty: nothing to complain about).
    func promtool(checkMetrics exposition: String) async throws -> String {
        let promtool = try #require(BackgroundProcess.find("promtool", override: "PROMTOOL"), "promtool is installed")
        let file = directory.appending(path: "metrics.prom")
        try exposition.write(to: file, atomically: true, encoding: .utf8)
        let lint = try await ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "\"$0\" check metrics < \"$1\"", promtool, file.path])
        return lint.stdoutText + lint.stderrText + (lint.status == 0 ? "" : " (exit \(lint.status))")
    }
}

/// A test-setup failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
