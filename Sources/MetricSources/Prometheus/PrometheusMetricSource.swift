import CapacityCore
import Foundation
import Logging

/// Reads PromQL expressions through the Prometheus HTTP API, one instant query per distinct
/// expression, a few at a time.
///
/// An expression must evaluate to one number: a scalar, or an instant vector with exactly
/// one series. Several series make the reading
/// ``MetricReading/Status/unavailable(reason:)`` with a reason that names them, rather than
/// a silent sum: adding up series that were not meant to be added (two replicas of an
/// exporter, a label you forgot) would scale on a wrong number. Aggregate in the query
/// (`sum(rate(http_requests_total{service="api"}[2m]))`) to say what you mean.
///
/// No series, `NaN` and `±Inf` read ``MetricReading/missing`` — never zero. HTTP, JSON and
/// connection failures read unavailable. A reading's timestamp is the sample time
/// Prometheus reports (the evaluation time; Prometheus itself drops series whose newest raw
/// sample is older than its look-back delta, 5 minutes by default), and its period is 0: an
/// instant value, not an aggregate over a period.
public struct PrometheusMetricSource: MetricSource, MetricHistorySource {
    /// How the source reads.
    public struct Configuration: Sendable, Hashable {
        /// Instant queries in flight at once (default 4).
        public var maxConcurrentQueries: Int
        /// The most points one range request may ask for per series; Prometheus refuses more
        /// than 11,000 (its default `query.max-samples` aside).
        public var maxPointsPerRangeRequest: Int

        public init(maxConcurrentQueries: Int = 4, maxPointsPerRangeRequest: Int = 11_000) {
            self.maxConcurrentQueries = max(1, maxConcurrentQueries)
            self.maxPointsPerRangeRequest = min(max(2, maxPointsPerRangeRequest), 11_000)
        }
    }

    /// The HTTP API client.
    public let client: PrometheusClient
    /// How the source reads.
    public let configuration: Configuration
    let logger: Logger

    /// Creates a source.
    public init(client: PrometheusClient, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "headroom.metrics.prometheus")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    public func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        var expressions: [String] = []
        var indexOfExpression: [String: Int] = [:]
        var slots: [Result<Int, ReadingProblem>] = []
        for query in queries {
            guard case .prometheus(let expression) = query else {
                slots.append(.failure(ReadingProblem(reading: .unavailable("not a Prometheus query: \(query.displayName)"))))
                continue
            }
            let trimmed = expression.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else {
                slots.append(.failure(ReadingProblem(reading: .unavailable("the PromQL expression is empty"))))
                continue
            }
            if let existing = indexOfExpression[trimmed] {
                slots.append(.success(existing))
            } else {
                indexOfExpression[trimmed] = expressions.count
                slots.append(.success(expressions.count))
                expressions.append(trimmed)
            }
        }
        let readings = await evaluate(expressions, at: time)
        return slots.map { slot in
            switch slot {
            case .success(let index): readings[index]
            case .failure(let problem): problem.reading
            }
        }
    }

    private struct ReadingProblem: Error {
        var reading: MetricReading
    }

    /// Evaluates each expression once, at most ``Configuration/maxConcurrentQueries`` at a time.
    private func evaluate(_ expressions: [String], at time: Date) async -> [MetricReading] {
        var readings = [MetricReading](repeating: .unavailable("not evaluated"), count: expressions.count)
        await withTaskGroup(of: (Int, MetricReading).self) { group in
            var next = 0
            func startNext() {
                guard next < expressions.count else { return }
                let index = next
                let expression = expressions[index]
                next += 1
                group.addTask { (index, await self.reading(of: expression, at: time)) }
            }
            for _ in 0..<configuration.maxConcurrentQueries { startNext() }
            while let (index, reading) = await group.next() {
                readings[index] = reading
                startNext()
            }
        }
        return readings
    }

    private func reading(of expression: String, at time: Date) async -> MetricReading {
        let result: PrometheusResult
        do {
            result = try await client.query(expression, at: time)
        } catch {
            let reason = error is CancellationError ? "cancelled" : "\(error)"
            logger.warning("Prometheus query failed", metadata: ["query": "\(expression)", "error": "\(reason)"])
            return .unavailable(reason)
        }
        return Self.reading(from: result, expression: expression)
    }

    /// The one number `result` holds, `.missing` when it holds none, or unavailable when it
    /// holds several or something else.
    static func reading(from result: PrometheusResult, expression: String) -> MetricReading {
        let sample: PrometheusSample
        switch result {
        case .scalar(let value):
            sample = value
        case .vector(let series):
            guard let only = series.first else { return .missing }
            guard series.count == 1 else {
                return .unavailable(
                    "PromQL `\(expression)` returned \(series.count) series (\(describe(series))); "
                        + "it must return exactly one: aggregate it, e.g. sum(…) or max(…)")
            }
            guard let last = only.samples.last else { return .missing }
            sample = last
        case .matrix:
            return .unavailable("PromQL `\(expression)` returned a range vector; wrap it in a function such as rate(…[2m]) or avg_over_time(…[5m])")
        case .string:
            return .unavailable("PromQL `\(expression)` returned a string, not a number")
        }
        guard sample.value.isFinite else { return .missing }
        return .value(sample.value, at: sample.timestamp, periodSeconds: 0)
    }

    /// The first few series' labels, for messages.
    static func describe(_ series: [PrometheusSeries]) -> String {
        let shown = series.prefix(3).map(\.labelText).joined(separator: ", ")
        return series.count > 3 ? shown + ", …" : shown
    }
}
