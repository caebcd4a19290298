import CapacityCore
import Controller
import Foundation
import MetricSources
import Testing

/// A history source that answers from a table keyed by the query's display name; queries
/// named in `failing` fail.
struct TableHistory: MetricHistorySource {
    struct Refused: Error {}

    var series: [String: [(Date, Double)]]
    var failing: Set<String> = []

    func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        if failing.contains(query.displayName) { throw Refused() }
        return (series[query.displayName] ?? []).filter { $0.0 >= from && $0.0 < to }
    }
}

/// A ``TableHistory`` that remembers each batch it was asked for (its queries' display names);
/// every query of its first `failingReads` batches fails.
actor BatchRecordingHistory: MetricHistorySource {
    let table: TableHistory
    private var failingReads: Int
    private(set) var batches: [[String]] = []

    init(_ table: TableHistory, failingReads: Int = 0) {
        self.table = table
        self.failingReads = failingReads
    }

    func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        try await table.history(query, from: from, to: to, step: step)
    }

    func histories(_ queries: [MetricQuery], from: Date, to: Date, step: Duration) async throws
        -> [Result<[(Date, Double)], MetricHistoryError>]
    {
        batches.append(queries.map(\.displayName))
        var table = table
        if failingReads > 0 {
            failingReads -= 1
            table.failing = Set(queries.map(\.displayName))
        }
        return try await table.histories(queries, from: from, to: to, step: step)
    }
}

@Suite("Forecast history loader")
struct ForecastHistoryLoaderTests {
    let now = Date(timeIntervalSince1970: 1_780_000_200)

    func policy(_ metrics: [TargetTrackingMetric]) -> CapacityPolicy {
        CapacityPolicy(
            name: "f", target: .ecsService(cluster: "prod", service: "api"), bounds: CapacityBounds(min: 1, max: 50),
            strategy: .targetTracking(TargetTrackingPolicy(metrics: metrics)),
            forecast: ForecastPolicy(horizonSeconds: 900, bucketSeconds: 300, seasonsSeconds: [86_400], historySeconds: 86_400))
    }

    func metric(_ name: String, target: Double, type: TargetTrackingMetric.ValueType) -> TargetTrackingMetric {
        TargetTrackingMetric(
            name: name, source: .cloudWatch(CloudWatchMetric(namespace: "App", metricName: name, dimensions: [])),
            targetValue: target, valueType: type)
    }

    /// Points every five minutes over the last hour.
    func hour(_ value: (Int) -> Double) -> [(Date, Double)] {
        (0..<12).map { (now.addingTimeInterval(Double($0 - 12) * 300), value($0)) }
    }

    var tasksQuery: String {
        MetricQuery.cloudWatch(CloudWatchMetric(
            namespace: "ECS/ContainerInsights", metricName: "RunningTaskCount",
            dimensions: [.init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "api")],
            statistic: "Average", periodSeconds: 300)).displayName
    }

    @Test func aTotalMetricIsItsValueOverTheTarget() async throws {
        let requests = metric("requests", target: 100, type: .total)
        let source = TableHistory(series: [requests.source.displayName: hour { Double(100 * ($0 + 1)) }])
        let history = try #require(try await ForecastHistoryLoader(source: source).history(for: policy([requests]), at: now))
        // The last point stays open until live readings close it: 11 completed buckets of 1…11 units.
        #expect(history.span == 11 * 300)
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-12 * 300))) == 1)
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-2 * 300))) == 11)
    }

    @Test func anAverageMetricNeedsTheTargetsCapacityHistory() async throws {
        let cpu = metric("cpu", target: 60, type: .average)
        let without = TableHistory(series: [cpu.source.displayName: hour { _ in 30 }])
        let empty = try #require(try await ForecastHistoryLoader(source: without).history(for: policy([cpu]), at: now))
        #expect(empty.span == 0, "without RunningTaskCount there is no load to learn from")

        let with = TableHistory(series: [cpu.source.displayName: hour { _ in 30 }, tasksQuery: hour { $0 < 6 ? 10 : 20 }])
        let history = try #require(try await ForecastHistoryLoader(source: with).history(for: policy([cpu]), at: now))
        // 10 tasks × 30 / 60 = 5 units, then 20 tasks: 10 units.
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-12 * 300))) == 5)
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-3 * 300))) == 10)
    }

    @Test func severalMetricsTakeTheLargestLoad() async throws {
        let requests = metric("requests", target: 100, type: .total)
        let queue = metric("queue", target: 10, type: .total)
        let source = TableHistory(series: [requests.source.displayName: hour { _ in 300 }, queue.source.displayName: hour { $0 == 0 ? 80 : 10 }])
        let history = try #require(try await ForecastHistoryLoader(source: source).history(for: policy([requests, queue]), at: now))
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-12 * 300))) == 8)
        #expect(history.value(at: history.index(of: now.addingTimeInterval(-11 * 300))) == 3)
    }

    @Test("policies that share a range and bucket are read in one batch; a shared metric once; a failure fails only its policy")
    func policiesShareOneBatch() async throws {
        func cpu(_ service: String) -> TargetTrackingMetric {
            TargetTrackingMetric(
                name: "cpu", source: .cloudWatch(CloudWatchMetric(namespace: "App", metricName: "CPU", dimensions: [.init(name: "Service", value: service)])),
                targetValue: 60, valueType: .total)
        }
        let shared = metric("requests", target: 100, type: .total)
        var api = policy([cpu("api"), shared])
        api.target = .ecsService(cluster: "prod", service: "api")
        var web = policy([cpu("web"), shared])
        web.target = .ecsService(cluster: "prod", service: "web")
        var broken = policy([cpu("broken")])
        broken.target = .ecsService(cluster: "prod", service: "broken")
        var weekly = policy([cpu("weekly")])
        weekly.forecast?.historySeconds = 7 * 86_400
        let reactive = CapacityPolicy(
            name: "r", target: .ecsService(cluster: "prod", service: "r"), bounds: CapacityBounds(min: 1, max: 5),
            strategy: .targetTracking(TargetTrackingPolicy(metrics: [cpu("r")])))

        let table = TableHistory(
            series: [
                cpu("api").source.displayName: hour { _ in 120 }, cpu("web").source.displayName: hour { _ in 60 },
                shared.source.displayName: hour { _ in 500 }, cpu("weekly").source.displayName: hour { _ in 30 },
            ],
            failing: [cpu("broken").source.displayName])
        let source = BatchRecordingHistory(table)
        let results = try await ForecastHistoryLoader(source: source).histories(for: [api, web, broken, weekly, reactive], at: now)

        // One batch for the three one-day policies (four distinct metrics), one for the weekly one.
        let batches = await source.batches
        #expect(batches.count == 2)
        #expect(batches.first?.count == 4, "api, web, broken and the shared metric once: \(batches.first ?? [])")
        #expect(batches.last == [cpu("weekly").source.displayName])

        let apiHistory = try #require(try results[0].get())
        #expect(apiHistory.value(at: apiHistory.index(of: now.addingTimeInterval(-12 * 300))) == 5, "max(120/60, 500/100)")
        let webHistory = try #require(try results[1].get())
        #expect(webHistory.value(at: webHistory.index(of: now.addingTimeInterval(-12 * 300))) == 5)
        #expect(throws: MetricHistoryError.self) { try results[2].get() }
        #expect((try? results[3].get())??.span == 11 * 300)
        #expect(try results[4].get() == nil, "no forecast, nothing read")
    }
}
