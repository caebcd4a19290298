import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// A real `prometheus` server on 127.0.0.1 for integration tests, with known series
/// backfilled by `promtool tsdb create-blocks-from openmetrics` before it starts: no scrape
/// to wait for, and every value and timestamp is known in advance.
///
/// The series sit at fixed times in January 2026 (``epoch``), so the tests query at fixed
/// times too; retention is set to 100 years so Prometheus keeps them.
final class PrometheusServer: Sendable {
    /// The server of the innermost suite that has the `.prometheusServer` trait.
    @TaskLocal static var current: PrometheusServer?

    /// 2026-01-05T00:00:00Z, where the backfilled series start.
    static let epoch = Date(timeIntervalSince1970: 1_767_571_200)

    static let prometheusPath = BackgroundProcess.find("prometheus", override: "PROMETHEUS")
    static let promtoolPath = BackgroundProcess.find("promtool", override: "PROMTOOL")
    static var isInstalled: Bool { prometheusPath != nil && promtoolPath != nil }

    let port: Int
    private let process: BackgroundProcess
    private let directory: TemporaryDirectory

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private init(port: Int, process: BackgroundProcess, directory: TemporaryDirectory) {
        self.port = port
        self.process = process
        self.directory = directory
    }

    /// The backfilled series, in OpenMetrics text (seconds since 1970 as timestamps):
    /// - `load{service="api"}`: `2·i` at `epoch + 60·i`, i = 0…239 (four hours)
    /// - `load{service="web"}`: 7 at `epoch + 60·i`, i = 0…119 (two hours)
    /// - `weird{kind="nan"}` NaN and `weird{kind="inf"}` +Inf at `epoch … epoch + 10 min`
    /// - `gappy`: 5 every minute for the first 10 minutes and from minute 30 to 59; nothing between
    static func openMetrics() -> String {
        let start = Int(epoch.timeIntervalSince1970)
        var lines = ["# TYPE load gauge"]
        for i in 0..<240 { lines.append("load{service=\"api\"} \(2 * i) \(start + 60 * i)") }
        for i in 0..<120 { lines.append("load{service=\"web\"} 7 \(start + 60 * i)") }
        lines.append("# TYPE weird gauge")
        for i in 0...10 { lines.append("weird{kind=\"nan\"} NaN \(start + 60 * i)") }
        for i in 0...10 { lines.append("weird{kind=\"inf\"} +Inf \(start + 60 * i)") }
        lines.append("# TYPE gappy gauge")
        for i in Array(0..<10) + Array(30..<60) { lines.append("gappy 5 \(start + 60 * i)") }
        lines.append("# EOF")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Backfills the series into a new data directory and starts Prometheus on a free port.
    static func start() async throws -> PrometheusServer {
        guard let prometheus = prometheusPath, let promtool = promtoolPath else {
            throw TestFailure("prometheus and promtool are not installed; run scripts/install-test-deps.sh")
        }
        let directory = try TemporaryDirectory("prometheus-test")
        let input = try directory.write("series.om", openMetrics())
        let config = try directory.write("prometheus.yml", "global:\n  scrape_interval: 1h\nscrape_configs: []\n")
        let data = directory.path + "/data"
        let backfill = try BackgroundProcess.start(
            URL(fileURLWithPath: promtool), ["tsdb", "create-blocks-from", "openmetrics", input, data],
            environment: ProcessInfo.processInfo.environment)
        let backfilled = await backfill.waitForExit(timeout: .seconds(120))
        guard backfilled == .status(0), FileManager.default.fileExists(atPath: data) else {
            let output = backfill.outputTail()
            await backfill.stop()
            directory.remove()
            throw TestFailure("promtool did not backfill (\(backfilled.map(\.description) ?? "still running")): \(output)")
        }
        await backfill.stop()
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try MotoServer.freePort()
            let process = try BackgroundProcess.start(
                URL(fileURLWithPath: prometheus),
                [
                    "--config.file=\(config)", "--storage.tsdb.path=\(data)", "--storage.tsdb.retention.time=100y",
                    "--web.listen-address=127.0.0.1:\(port)",
                ],
                environment: ProcessInfo.processInfo.environment)
            let server = PrometheusServer(port: port, process: process, directory: directory)
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                lastError = error
                await process.stop()
            }
        }
        directory.remove()
        throw lastError ?? TestFailure("prometheus did not start")
    }

    /// Polls `/-/ready`.
    private func waitUntilReady() async throws {
        let transport = URLSessionTransport(configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(2), request: .seconds(5))))
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestFailure("prometheus exited: \(process.outputTail())") }
            let request = HTTPRequest(method: "GET", url: baseURL.appendingPathComponent("-/ready"))
            if let response = try? await transport.send(request), response.status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("prometheus did not get ready on port \(port) within 30 s: \(process.outputTail())")
    }

    /// Stops the server by PID, waits for it to exit, removes its data.
    func stop() async {
        await process.stop()
        directory.remove()
    }
}

/// Runs a suite against one Prometheus started before its first test and stopped after its last.
struct PrometheusTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await PrometheusServer.start()
        do {
            try await PrometheusServer.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == PrometheusTrait {
    /// Starts a backfilled Prometheus for the suite; see ``PrometheusServer``.
    static var prometheusServer: PrometheusTrait { PrometheusTrait() }
}

/// A test-setup failure with a message.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
