import CapacityCore
import Foundation
import MetricSources
import Testing

@Suite("MetricRouter history routing")
struct MetricRouterHistoryTests {
    /// Answers every query with one point carrying `marker`, so the test sees which source answered.
    struct MarkedSource: MetricSource, MetricHistorySource {
        var marker: Double

        func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
            queries.map { _ in .value(marker, at: time) }
        }

        func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
            [(from, marker)]
        }
    }

    /// A source that reads only the newest value.
    struct LatestOnly: MetricSource {
        func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] { queries.map { _ in .missing } }
    }

    static let cloudWatch = MetricQuery.cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: []))
    static let from = Date(timeIntervalSince1970: 1_767_571_200)

    @Test func historyGoesToTheSourceOfTheQuerysKind() async throws {
        let router = MetricRouter(cloudWatch: MarkedSource(marker: 1), prometheus: MarkedSource(marker: 2))
        let fromCloudWatch = try await router.history(Self.cloudWatch, from: Self.from, to: Self.from + 600, step: .seconds(60))
        let fromPrometheus = try await router.history(.prometheus(query: "up"), from: Self.from, to: Self.from + 600, step: .seconds(60))
        #expect(fromCloudWatch.map(\.1) == [1])
        #expect(fromPrometheus.map(\.1) == [2])
    }

    @Test func missingOrLatestOnlySourcesAndSimulatedMetricsAreUnsupported() async throws {
        let router = MetricRouter(cloudWatch: LatestOnly(), prometheus: nil)
        let latestOnly = try await #require(throws: MetricHistoryError.self) {
            try await router.history(Self.cloudWatch, from: Self.from, to: Self.from + 600, step: .seconds(60))
        }
        #expect(latestOnly.code == .unsupportedQuery)
        #expect(latestOnly.message.contains("cannot read history"))
        let none = try await #require(throws: MetricHistoryError.self) {
            try await router.history(.prometheus(query: "up"), from: Self.from, to: Self.from + 600, step: .seconds(60))
        }
        #expect(none.message.contains("no source is configured"))
        await #expect(throws: MetricHistoryError.self) {
            try await router.history(.simulatedUtilization, from: Self.from, to: Self.from + 600, step: .seconds(60))
        }
    }
}
