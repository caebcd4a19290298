import AWSClient
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

/// `headroom trace export` end to end: the built binary against moto (signature checks on)
/// and a real Prometheus; the files it writes are read back by the trace contract.
@Suite("headroom trace export, end to end")
struct TraceExportCommandTests {
    @Test func theBinaryExists() {
        #expect(HeadroomBinary.exists, "no headroom binary at \(HeadroomBinary.url.path)")
    }

    @Test func sourceOptionsAreChecked() async throws {
        let common = ["trace", "export", "--from", "2026-01-05T00:00:00Z", "--to", "2026-01-05T01:00:00Z", "--output", "/tmp/unused.csv"]
        let cases: [([String], String)] = [
            (["--source", "cloudwatch", "--metric-name", "CPUUtilization"], "--source cloudwatch needs --namespace"),
            (["--source", "cloudwatch", "--namespace", "AWS/ECS"], "--source cloudwatch needs --metric-name"),
            (["--source", "cloudwatch", "--namespace", "A", "--metric-name", "B", "--url", "http://x"], "--url applies to --source prometheus only"),
            (["--source", "cloudwatch", "--namespace", "A", "--metric-name", "B", "--dimension", "NoEquals"], "--dimension 'NoEquals' is not Name=Value"),
            (["--source", "prometheus", "--url", "http://127.0.0.1:1"], "--source prometheus needs --query"),
            (["--source", "prometheus", "--query", "up", "--url", "http://127.0.0.1:1", "--region", "us-east-1"], "--region applies to --source cloudwatch only"),
            (["--source", "prometheus", "--query", "up", "--url", "http://127.0.0.1:1", "--step", "5x"], "--step '5x' is not a duration"),
        ]
        for (arguments, message) in cases {
            let outcome = try await HeadroomBinary.run(common + arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.contains(message), "\(arguments): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/unused.csv"))
    }

    @Test func helpShowsExamples() async throws {
        let outcome = try await HeadroomBinary.run(["trace", "export", "--help"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("Replay last month's production load"))
        #expect(outcome.stdout.contains("--fill zero"))
    }
}

@Suite(
    "headroom trace export from CloudWatch (moto, signature checks on)",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-test-deps.sh)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct TraceExportCloudWatchTests {
    /// An hour boundary two hours ago: within CloudWatch's 15 days of one-minute data.
    static let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600 - 7200)

    /// Puts RequestCount for minutes 0–9 after `base`, except minutes 4 and 7.
    /// moto ignores the namespace when a query has dimensions, so each seed gets its own
    /// load balancer name as well as its own namespace.
    static func seed() async throws -> Seeded {
        let server = try #require(MotoServer.current)
        let administrator = try await MotoAccount.shared.administrator(at: server.baseURL)
        let namespace = "Headroom/Trace/" + UUID().uuidString.prefix(8)
        let loadBalancer = "app/prod/" + UUID().uuidString.prefix(8)
        var data: [CloudWatch.MetricDatum] = []
        for minute in 0..<10 where minute != 4 && minute != 7 {
            // Two datapoints a minute: the export asks for their Sum.
            for second in [10, 20] {
                data.append(datum(at: base.addingTimeInterval(Double(60 * minute + second)), value: Double(minute + 1), loadBalancer: loadBalancer))
            }
        }
        try await CloudWatchClient(client: administrator.client(.cloudWatch)).putMetricData(namespace: namespace, data: data)
        return Seeded(environment: administrator.environment, namespace: namespace, loadBalancer: loadBalancer)
    }

    struct Seeded {
        var environment: [String: String]
        var namespace: String
        var loadBalancer: String

        func arguments(output: String) -> [String] {
            [
                "trace", "export", "--source", "cloudwatch", "--namespace", namespace, "--metric-name", "RequestCount",
                "--dimension", "LoadBalancer=\(loadBalancer)", "--statistic", "Sum",
                "--from", UTCText.format(base), "--to", UTCText.format(base.addingTimeInterval(600)), "--step", "1m", "--output", output,
            ]
        }
    }

    static func datum(at time: Date, value: Double, loadBalancer: String) -> CloudWatch.MetricDatum {
        CloudWatch.MetricDatum(
            metricName: "RequestCount", dimensions: [.init(name: "LoadBalancer", value: loadBalancer)], timestamp: time, value: value,
            unit: "Count")
    }

    @Test func gapsAreRefusedAndNothingIsWritten() async throws {
        let seeded = try await Self.seed()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = try directory.write("trace.csv", "previous contents\n")

        let outcome = try await HeadroomBinary.run(seeded.arguments(output: output), environment: seeded.environment)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("2 of 10 steps have no value, in 2 gap(s)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(UTCText.format(Self.base.addingTimeInterval(240))))
        #expect(outcome.stderr.contains(UTCText.format(Self.base.addingTimeInterval(420))))
        #expect(outcome.stderr.contains("--fill"))
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "previous contents\n")
        #expect(directory.contents() == ["trace.csv"])
    }

    @Test func fillZeroWritesATraceTheSimulatorContractAccepts() async throws {
        let seeded = try await Self.seed()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path + "/prod.csv"

        let outcome = try await HeadroomBinary.run(seeded.arguments(output: output) + ["--fill", "zero"], environment: seeded.environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("wrote 10 rows"))
        #expect(outcome.stderr.contains("2 step(s) filled with zero"))
        let trace = try TraceFile.read(output)
        #expect(trace.start == Self.base)
        #expect(trace.stepSeconds == 60)
        #expect(trace.values == [2, 4, 6, 8, 0, 12, 14, 0, 18, 20])
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("timestamp,value\n\(UTCText.format(Self.base)),2\n"))
        #expect(directory.contents() == ["prod.csv"])
    }

    @Test func anExplicitStartBetweenStepsIsRefusedWithTheAlignedOne() async throws {
        let seeded = try await Self.seed()
        var arguments = seeded.arguments(output: "/tmp/never-written.csv")
        let fromIndex = try #require(arguments.firstIndex(of: "--from"))
        arguments[fromIndex + 1] = UTCText.format(Self.base.addingTimeInterval(90))
        let outcome = try await HeadroomBinary.run(arguments, environment: seeded.environment)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("use --from \(UTCText.format(Self.base.addingTimeInterval(60)))"), "\(outcome.stderr)")
    }

    @Test func aWrongSecretFailsWithTheAWSError() async throws {
        let seeded = try await Self.seed()
        var environment = seeded.environment
        environment["AWS_SECRET_ACCESS_KEY"] = "wrong-secret-value"
        let outcome = try await HeadroomBinary.run(seeded.arguments(output: "/tmp/never-written.csv"), environment: environment)
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("SignatureDoesNotMatch"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("wrong-secret-value"))
    }
}

@Suite(
    "headroom trace export from Prometheus",
    .serialized,
    .enabled(if: PrometheusServer.isInstalled, "prometheus/promtool are not installed (scripts/install-test-deps.sh)"),
    .prometheusServer
)
struct TraceExportPrometheusTests {
    static func arguments(_ query: String, minutes: Int, output: String) throws -> [String] {
        let server = try #require(PrometheusServer.current)
        return [
            "trace", "export", "--source", "prometheus", "--url", server.baseURL.absoluteString, "--query", query,
            "--from", "2026-01-05T00:00:00Z", "--to", UTCText.format(PrometheusServer.epoch.addingTimeInterval(Double(60 * minutes))),
            "--step", "1m", "--output", output,
        ]
    }

    @Test func aSeriesBecomesATrace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path + "/api.csv"
        let outcome = try await HeadroomBinary.run(try Self.arguments(#"load{service="api"}"#, minutes: 10, output: output))
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let trace = try TraceFile.read(output)
        #expect(trace.start == PrometheusServer.epoch)
        #expect(trace.stepSeconds == 60)
        #expect(trace.values == (0..<10).map { Double(2 * $0) })
    }

    @Test func gapsAreListedAndPreviousFillsThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let output = directory.path + "/gappy.csv"
        let refused = try await HeadroomBinary.run(try Self.arguments("gappy", minutes: 60, output: output))
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("15 of 60 steps have no value, in 1 gap(s): 2026-01-05T00:15:00Z to 2026-01-05T00:29:00Z (15 steps)"), "\(refused.stderr)")
        #expect(directory.contents().isEmpty)

        let filled = try await HeadroomBinary.run(try Self.arguments("gappy", minutes: 60, output: output) + ["--fill", "previous"])
        #expect(filled.status == 0, "\(filled.stderr)")
        let trace = try TraceFile.read(output)
        #expect(trace.values == Array(repeating: 5, count: 60))
    }

    @Test func severalSeriesAreRefused() async throws {
        let outcome = try await HeadroomBinary.run(try Self.arguments("load", minutes: 10, output: "/tmp/never-written.csv"))
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("2 series"), "\(outcome.stderr)")
    }
}
