import AWSClient
import CapacityCore
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

/// CloudWatchMetricSource against moto with signature checks on: every call below is
/// signed with an IAM user's key and authorised by moto as `monitoring:*`.
@Suite(
    "CloudWatch metric source against moto, signature checks on",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/install-test-deps.sh)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct CloudWatchMotoTests {
    /// A five-minute boundary about an hour ago; `now` is 30 s into the minute at `base`, so
    /// that minute is still open.
    static let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 300).rounded(.down) * 300 - 3600)
    static let now = base.addingTimeInterval(30)

    struct Fixture {
        let cloudWatch: CloudWatchClient
        let counter: AWSCallCounter
        let source: CloudWatchMetricSource
        let namespace = "Headroom/Test/" + UUID().uuidString.prefix(8)
    }

    static func fixture() async throws -> Fixture {
        let server = try #require(MotoServer.current, "the .motoServer trait provides the server")
        let administrator = try await MotoAccount.shared.administrator(at: server.baseURL)
        let counter = AWSCallCounter()
        let client = CloudWatchClient(
            client: administrator.client(.cloudWatch, transport: CountingTransport(MotoAccount.transport, counter: counter)))
        return Fixture(cloudWatch: client, counter: counter, source: CloudWatchMetricSource(client: client))
    }

    static func at(_ offset: Double) -> Date { base.addingTimeInterval(offset) }

    static func ecsCPU(cluster: String, service: String, reversed: Bool = false, statistic: String = "Average") -> MetricQuery {
        var dimensions = [CloudWatchMetric.Dimension(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service)]
        if reversed { dimensions.reverse() }
        return .cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: dimensions, statistic: statistic))
    }

    @Test func newestCompleteDatapointPerMetricInOneCall() async throws {
        let fixture = try await Self.fixture()
        let cluster = "prod-" + UUID().uuidString.prefix(8)
        let api = [CloudWatch.Dimension(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")]
        // Put in name order: moto matches dimension lists in order (its sort of dimensions is
        // broken), where AWS treats them as a set. The query below lists them reversed; the
        // source sorts them, so AWS and moto both find the metric.
        let worker = [CloudWatch.Dimension(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "worker")]
        try await fixture.cloudWatch.putMetricData(namespace: "AWS/ECS", data: [
            .init(metricName: "CPUUtilization", dimensions: api, timestamp: Self.at(-180), value: 10, unit: "Percent"),
            .init(metricName: "CPUUtilization", dimensions: api, timestamp: Self.at(-120), value: 20, unit: "Percent"),
            .init(metricName: "CPUUtilization", dimensions: api, timestamp: Self.at(-60), value: 30, unit: "Percent"),
            .init(metricName: "CPUUtilization", dimensions: api, timestamp: Self.at(5), value: 99, unit: "Percent"),  // open minute
            .init(metricName: "CPUUtilization", dimensions: worker, timestamp: Self.at(-120), value: 55, unit: "Percent"),
        ])
        try await fixture.cloudWatch.putMetricData(namespace: fixture.namespace, data: [
            .init(metricName: "RequestCount", timestamp: Self.at(-55), value: 100, unit: "Count"),
            .init(metricName: "RequestCount", timestamp: Self.at(-45), value: 23, unit: "Count"),
            .init(metricName: "Stale", timestamp: Self.at(-1200), value: 1),
        ])
        fixture.counter.reset()

        let queries: [MetricQuery] = [
            Self.ecsCPU(cluster: cluster, service: "api"),
            Self.ecsCPU(cluster: cluster, service: "worker", reversed: true),
            .cloudWatch(CloudWatchMetric(namespace: fixture.namespace, metricName: "RequestCount", dimensions: [], statistic: "Sum")),
            .cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "MemoryUtilization",
                dimensions: [.init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: "api")])),
            .cloudWatch(CloudWatchMetric(namespace: fixture.namespace, metricName: "Stale", dimensions: [])),
            Self.ecsCPU(cluster: cluster, service: "api", reversed: true),
            // The stale metric again, read as a count: nothing in the window is a zero.
            .cloudWatch(CloudWatchMetric(namespace: fixture.namespace, metricName: "Stale", dimensions: [], missingData: .zero)),
        ]
        let readings = await fixture.source.latest(queries, at: Self.now)

        #expect(readings.count == 7)
        #expect(readings[6] == .value(0, at: Self.at(-60), periodSeconds: 60), "MissingData: Zero, in the same call as the plain read")
        #expect(readings[0] == .value(30, at: Self.at(-60), periodSeconds: 60), "the open minute's 99 is skipped")
        #expect(readings[1] == .value(55, at: Self.at(-120), periodSeconds: 60))
        #expect(readings[2] == .value(123, at: Self.at(-60), periodSeconds: 60), "Sum of the minute's two datapoints")
        #expect(readings[3].status == .missing, "no data at all")
        #expect(readings[4].status == .missing, "data only before the look-back window")
        #expect(readings[5] == readings[0])
        #expect(fixture.counter.count(of: "GetMetricData") == 1)
        #expect(fixture.counter.total == 1)
    }

    @Test func sixHundredMetricsTakeExactlyTwoCalls() async throws {
        let fixture = try await Self.fixture()
        let data: [CloudWatch.MetricDatum] = (0..<600).map { (index: Int) -> CloudWatch.MetricDatum in
            CloudWatch.MetricDatum(
                metricName: "Load", dimensions: [.init(name: "Index", value: "\(index)")], timestamp: Self.at(-60), value: Double(index))
        }
        try await fixture.cloudWatch.putMetricData(namespace: fixture.namespace, data: data)
        fixture.counter.reset()

        let distinct = (0..<600).map { index in
            MetricQuery.cloudWatch(CloudWatchMetric(
                namespace: fixture.namespace, metricName: "Load", dimensions: [.init(name: "Index", value: "\(index)")]))
        }
        // Every metric twice: duplicates must not cost a third call.
        let readings = await fixture.source.latest(distinct + distinct, at: Self.now)

        #expect(fixture.counter.count(of: "GetMetricData") == 2)
        #expect(fixture.counter.total == 2)
        #expect(readings.count == 1200)
        let wrong = readings.enumerated().filter { offset, reading in
            reading != .value(Double(offset % 600), at: Self.at(-60), periodSeconds: 60)
        }
        #expect(wrong.isEmpty, "first wrong readings: \(wrong.prefix(3))")
    }

    @Test func aDeniedCallMakesItsMetricsUnavailableWithoutThrowing() async throws {
        let server = try #require(MotoServer.current)
        let denied = try await MotoAccount.shared.user(named: "no-metrics", at: server.baseURL, denying: ["monitoring:GetMetricData"])
        let source = CloudWatchMetricSource(client: CloudWatchClient(client: denied.client(.cloudWatch)))
        let readings = await source.latest([Self.ecsCPU(cluster: "any", service: "api"), Self.ecsCPU(cluster: "any", service: "web")], at: Self.now)
        #expect(readings.count == 2)
        for reading in readings {
            guard case .unavailable(let reason) = reading.status else {
                Issue.record("expected unavailable, got \(reading)")
                continue
            }
            #expect(reason.contains("AccessDenied"), "\(reason)")
            #expect(reason.contains("GetMetricData"))
        }
    }

    @Test func aWrongSecretIsUnavailableNotAThrow() async throws {
        let server = try #require(MotoServer.current)
        let administrator = try await MotoAccount.shared.administrator(at: server.baseURL)
        let forged = AWSCredentials(accessKeyID: administrator.credentials.accessKeyID, secretAccessKey: "not-the-secret")
        let client = MotoAccount.client(.cloudWatch, endpoint: server.baseURL, credentials: forged)
        let readings = await CloudWatchMetricSource(client: CloudWatchClient(client: client)).latest(
            [Self.ecsCPU(cluster: "any", service: "api")], at: Self.now)
        #expect(readings.first.map { "\($0.status)".contains("SignatureDoesNotMatch") } == true)
        #expect(readings.first.map { "\($0.status)".contains("not-the-secret") } == false)
    }

    @Test func historyOverAWindowOldestFirstWithoutTheOpenPeriod() async throws {
        let fixture = try await Self.fixture()
        var data: [CloudWatch.MetricDatum] = []
        for minute in 0..<10 {
            let offset = Double(60 * minute - 600 + 1)
            data.append(CloudWatch.MetricDatum(metricName: "Requests", timestamp: Self.at(offset), value: Double(minute + 1)))
        }
        data.append(CloudWatch.MetricDatum(metricName: "Requests", timestamp: Self.at(10), value: 1000))  // open minute
        data.append(CloudWatch.MetricDatum(metricName: "Requests", timestamp: Self.at(-3000), value: 1000))  // before the window
        try await fixture.cloudWatch.putMetricData(namespace: fixture.namespace, data: data)
        let query = MetricQuery.cloudWatch(CloudWatchMetric(namespace: fixture.namespace, metricName: "Requests", dimensions: [], statistic: "Sum"))

        let minutes = try await fixture.source.history(query, from: Self.at(-600), to: Self.now, step: .seconds(60))
        #expect(minutes.map(\.0) == (0..<10).map { Self.at(Double(-600 + 60 * $0)) })
        #expect(minutes.map(\.1) == (1...10).map(Double.init))

        // Period = step: five-minute sums.
        let fiveMinutes = try await fixture.source.history(query, from: Self.at(-600), to: Self.now, step: .seconds(300))
        #expect(fiveMinutes.map(\.0) == [Self.at(-600), Self.at(-300)])
        #expect(fiveMinutes.map(\.1) == [15, 40])

        let empty = try await fixture.source.history(
            .cloudWatch(CloudWatchMetric(namespace: fixture.namespace, metricName: "Nothing", dimensions: [])),
            from: Self.at(-600), to: Self.now, step: .seconds(60))
        #expect(empty.isEmpty)

        let badStep = try await #require(throws: MetricHistoryError.self) {
            try await fixture.source.history(query, from: Self.at(-600), to: Self.now, step: .seconds(45))
        }
        #expect(badStep.code == .invalidRange)
        #expect(badStep.message.contains("period 45"))
    }

    // Its own metric name: moto 5.2.1 answers GetMetricData across namespaces, so the "Load"
    // datapoints of sixHundredMetricsTakeExactlyTwoCalls would be summed in.
    @Test("histories of 600 metrics (each asked twice) take exactly two GetMetricData calls, each series its own")
    func sixHundredHistoriesTakeTwoCalls() async throws {
        let fixture = try await Self.fixture()
        var data: [CloudWatch.MetricDatum] = []
        for index in 0..<600 {
            for minute in 0..<3 {
                data.append(CloudWatch.MetricDatum(
                    metricName: "Backlog", dimensions: [.init(name: "Index", value: "\(index)")],
                    timestamp: Self.at(Double(60 * minute - 180 + 1)), value: Double(index * 10 + minute)))
            }
        }
        try await fixture.cloudWatch.putMetricData(namespace: fixture.namespace, data: data)
        fixture.counter.reset()
        let queries = (0..<600).map { index in
            MetricQuery.cloudWatch(CloudWatchMetric(
                namespace: fixture.namespace, metricName: "Backlog", dimensions: [.init(name: "Index", value: "\(index)")], statistic: "Sum"))
        }
        let results = try await fixture.source.histories(queries + queries, from: Self.at(-180), to: Self.now, step: .seconds(60))

        #expect(fixture.counter.count(of: "GetMetricData") == 2)
        #expect(fixture.counter.total == 2)
        #expect(results.count == 1200)
        let wrong = results.enumerated().filter { offset, result in
            let index = offset % 600
            guard case .success(let points) = result else { return true }
            return points.map(\.1) != [0, 1, 2].map { Double(index * 10 + $0) } || points.first?.0 != Self.at(-180)
        }
        #expect(wrong.count == 0, "first wrong series: \(wrong.first.map { "\($0)" } ?? "")")
    }
}
