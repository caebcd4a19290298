import AWSClient
import CapacityCore
import Foundation
import MetricSources
import Testing

/// PrometheusMetricSource against the real `prometheus` server (Debian package), with known
/// series backfilled by promtool (see ``PrometheusServer/openMetrics()``).
@Suite(
    "Prometheus metric source against a real Prometheus",
    .serialized,
    .enabled(if: PrometheusServer.isInstalled, "prometheus/promtool are not installed (scripts/install-test-deps.sh)"),
    .prometheusServer
)
struct PrometheusServerTests {
    static let epoch = PrometheusServer.epoch

    static func at(_ seconds: Double) -> Date { epoch.addingTimeInterval(seconds) }

    static func source(configuration: PrometheusMetricSource.Configuration = .init()) throws -> (PrometheusMetricSource, RecordingTransport) {
        let server = try #require(PrometheusServer.current, "the .prometheusServer trait provides the server")
        let transport = RecordingTransport()
        let client = try PrometheusClient(baseURL: server.baseURL, transport: transport)
        return (PrometheusMetricSource(client: client, configuration: configuration), transport)
    }

    static func reason(_ reading: MetricReading) -> String? {
        if case .unavailable(let reason) = reading.status { return reason }
        return nil
    }

    @Test func oneSeriesReadsItsValueAtTheSampleTime() async throws {
        let (source, transport) = try Self.source()
        let time = Self.at(1830)  // 30 s after the sample of minute 30 (value 60)
        let readings = await source.latest([.prometheus(query: #"load{service="api"}"#)], at: time)
        #expect(readings == [.value(60, at: time, periodSeconds: 0)])
        #expect(transport.parameter("time") == ["1767573030"])
        #expect(transport.parameter("query") == [#"load{service="api"}"#])
        #expect(transport.urls.first?.path == "/api/v1/query")
    }

    @Test func scalarsAndAggregates() async throws {
        let (source, _) = try Self.source()
        let time = Self.at(600)  // api 20, web 7
        let readings = await source.latest([
            .prometheus(query: "scalar(sum(load))"), .prometheus(query: "sum(load)"), .prometheus(query: "2 * 21"),
            .prometheus(query: #"sum(load{service=~"api|web"}) + 0.5"#),
        ], at: time)
        #expect(readings.map(\.value) == [27, 27, 42, 27.5])
        #expect(readings.allSatisfy { $0.status == .ok && $0.timestamp == time })
    }

    @Test func noSeriesNaNAndInfinityAreMissingNeverZero() async throws {
        let (source, _) = try Self.source()
        let readings = await source.latest([
            .prometheus(query: "metric_that_does_not_exist"),
            .prometheus(query: #"weird{kind="nan"}"#),
            .prometheus(query: #"weird{kind="inf"}"#),
            .prometheus(query: #"-weird{kind="inf"}"#),
            .prometheus(query: "scalar(load)"),  // two series: scalar() gives NaN
        ], at: Self.at(300))
        #expect(readings.map(\.status) == Array(repeating: .missing, count: 5))
        // An hour after the last sample, Prometheus's 5-minute look-back has nothing.
        let stale = await source.latest([.prometheus(query: #"load{service="api"}"#)], at: Self.at(14_340 + 3600))
        #expect(stale.map(\.status) == [.missing])
    }

    @Test func severalSeriesAreUnavailableNamingThem() async throws {
        let (source, _) = try Self.source()
        let reading = try #require(await source.latest([.prometheus(query: "load")], at: Self.at(600)).first)
        let reason = try #require(Self.reason(reading))
        #expect(reason.contains("returned 2 series"))
        #expect(reason.contains(#"service="api""#) && reason.contains(#"service="web""#))
        #expect(reason.contains("sum("))
    }

    @Test func rangeVectorsAndStringsAreUnavailable() async throws {
        let (source, _) = try Self.source()
        let readings = await source.latest([.prometheus(query: #"load{service="api"}[5m]"#), .prometheus(query: #""text""#)], at: Self.at(600))
        #expect(Self.reason(readings[0])?.contains("range vector") == true)
        #expect(Self.reason(readings[1])?.contains("string") == true)
    }

    @Test func aBadQueryIsUnavailableWithPrometheusReason() async throws {
        let (source, _) = try Self.source()
        let reading = try #require(await source.latest([.prometheus(query: "sum(")], at: Self.at(600)).first)
        let reason = try #require(Self.reason(reading))
        #expect(reason.contains("HTTP 400 bad_data"))
        #expect(reason.contains("parse error"))
        #expect(reason.contains("`sum(`"))
    }

    @Test func identicalExpressionsAreAskedOnceAndAnswersKeepTheirOrder() async throws {
        let (source, transport) = try Self.source(configuration: .init(maxConcurrentQueries: 2))
        let queries: [MetricQuery] = [
            .prometheus(query: #"load{service="api"}"#), .prometheus(query: #"load{service="web"}"#),
            .prometheus(query: #" load{service="api"} "#), .cloudWatch(CloudWatchMetric(namespace: "A", metricName: "B", dimensions: [])),
            .prometheus(query: "sum(load)"),
        ]
        let readings = await source.latest(queries, at: Self.at(120))
        #expect(transport.urls.count == 3)
        #expect(readings[0].value == 4)
        #expect(readings[1].value == 7)
        #expect(readings[2].value == 4)
        #expect(Self.reason(readings[3])?.contains("not a Prometheus query") == true)
        #expect(readings[4].value == 11)
    }

    @Test func historyIsOneValuePerStepOldestFirst() async throws {
        let (source, transport) = try Self.source()
        let points = try await source.history(
            .prometheus(query: #"load{service="api"}"#), from: Self.at(0), to: Self.at(600), step: .seconds(60))
        #expect(points.map(\.0) == (0..<10).map { Self.at(Double(60 * $0)) })
        #expect(points.map(\.1) == (0..<10).map { Double(2 * $0) })
        #expect(transport.urls.count == 1)
        #expect(transport.urls.first?.path == "/api/v1/query_range")
        #expect(transport.parameter("start") == ["1767571200"])
        #expect(transport.parameter("end") == ["1767571740"])
        #expect(transport.parameter("step") == ["60"])
    }

    @Test func historyBeyondElevenThousandPointsIsSplit() async throws {
        let (source, transport) = try Self.source()
        // 12,000 one-second steps: one request would be refused by Prometheus.
        let points = try await source.history(
            .prometheus(query: #"load{service="api"}"#), from: Self.at(0), to: Self.at(12_000), step: .seconds(1))
        #expect(transport.urls.count == 2)
        #expect(points.count == 12_000)
        #expect(points.first.map { $0.0 == Self.at(0) && $0.1 == 0 } == true)
        #expect(points.last.map { $0.0 == Self.at(11_999) } == true)
        // Each second reads the newest sample at or before it.
        #expect(points[61].1 == 2 && points[119].1 == 2 && points[120].1 == 4)
        let times = points.map { $0.0.timeIntervalSince1970 }
        #expect(zip(times, times.dropFirst()).allSatisfy { $1 - $0 == 1 })

        let (small, smallTransport) = try Self.source(configuration: .init(maxPointsPerRangeRequest: 100))
        let requestsBefore = transport.urls.count
        let chunked = try await small.history(.prometheus(query: #"load{service="api"}"#), from: Self.at(0), to: Self.at(60 * 250), step: .seconds(60))
        let whole = try await source.history(.prometheus(query: #"load{service="api"}"#), from: Self.at(0), to: Self.at(60 * 250), step: .seconds(60))
        #expect(transport.urls.count == requestsBefore + 1)
        #expect(smallTransport.urls.count == 3, "250 steps in requests of at most 100 points")
        #expect(smallTransport.parameter("start").compactMap { $0 } == ["1767571200", "1767577200", "1767583200"])
        #expect(chunked.map(\.0) == whole.map(\.0))
        #expect(chunked.map(\.1) == whole.map(\.1))
        #expect(whole.count == 245, "samples end after four hours, plus Prometheus's 5-minute look-back")
    }

    @Test func historyLeavesGapsAsGapsAndRefusesSeveralSeries() async throws {
        let (source, _) = try Self.source()
        let points = try await source.history(.prometheus(query: "gappy"), from: Self.at(0), to: Self.at(3600), step: .seconds(60))
        // Samples at minutes 0-9 and 30-59; Prometheus's 5-minute look-back carries minute 9 to minute 14.
        let minutes = points.map { Int($0.0.timeIntervalSince(Self.epoch)) / 60 }
        #expect(minutes == Array(0...14) + Array(30..<60))

        let error = try await #require(throws: MetricHistoryError.self) {
            try await source.history(.prometheus(query: "load"), from: Self.at(0), to: Self.at(600), step: .seconds(60))
        }
        #expect(error.code == .ambiguousResult)
        #expect(error.message.contains("2 series"))

        let bad = try await #require(throws: MetricHistoryError.self) {
            try await source.history(.prometheus(query: "sum("), from: Self.at(0), to: Self.at(600), step: .seconds(60))
        }
        #expect(bad.code == .sourceFailed)
        #expect(bad.message.contains("bad_data"))
    }
}
