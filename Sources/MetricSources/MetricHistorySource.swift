import CapacityCore
import Foundation

/// Something that can read a metric's past: the daemon seeds its forecast history with it
/// (14 days at start-up) and `headroom trace export` turns it into a simulator trace.
public protocol MetricHistorySource: Sendable {
    /// The metric's values over `[from, to)` on a grid of `step`, oldest first.
    ///
    /// A point at time `t` covers `[t, t + step)` and is returned only when `from ≤ t` and
    /// `t + step ≤ to`, so a period still open at `to` is left out. Times where the source
    /// has no finite value are absent (never zero): callers see gaps as gaps.
    /// - Throws: ``MetricHistoryError`` naming the query and what went wrong.
    func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)]

    /// Several metrics' histories over one range and step: one result per query, in order,
    /// each the query's values or its own failure. A source that reads many metrics per request
    /// (CloudWatch: 500 per GetMetricData) does so; by default they are read one by one.
    /// - Throws: only `CancellationError`.
    func histories(_ queries: [MetricQuery], from: Date, to: Date, step: Duration) async throws
        -> [Result<[(Date, Double)], MetricHistoryError>]
}

extension MetricHistorySource {
    public func histories(_ queries: [MetricQuery], from: Date, to: Date, step: Duration) async throws
        -> [Result<[(Date, Double)], MetricHistoryError>]
    {
        var results: [Result<[(Date, Double)], MetricHistoryError>] = []
        results.reserveCapacity(queries.count)
        for query in queries {
            try Task.checkCancellation()
            do {
                results.append(.success(try await history(query, from: from, to: to, step: step)))
            } catch let error as MetricHistoryError {
                results.append(.failure(error))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                results.append(.failure(.sourceFailed(query, reason: "\(error)")))
            }
        }
        return results
    }
}

extension MetricRouter: MetricHistorySource {
    /// Sends the history request to the source for the query's kind.
    /// - Throws: ``MetricHistoryError`` when that source is not configured or cannot read history.
    public func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        try await historySource(for: query).history(query, from: from, to: to, step: step)
    }

    /// Sends each kind's queries to its source in one batch.
    public func histories(_ queries: [MetricQuery], from: Date, to: Date, step: Duration) async throws
        -> [Result<[(Date, Double)], MetricHistoryError>]
    {
        var results = [Result<[(Date, Double)], MetricHistoryError>?](repeating: nil, count: queries.count)
        let kinds = Self.partition(queries)
        for index in kinds.simulated {
            results[index] = .failure(.unsupportedQuery(queries[index], reason: "no source is configured for this kind of metric"))
        }
        for indices in [kinds.cloudWatch, kinds.prometheus] where !indices.isEmpty {
            let batch = indices.map { queries[$0] }
            let source: any MetricHistorySource
            do {
                source = try historySource(for: batch[0])
            } catch {
                // Every query of this kind fails alike, each named in its own message.
                for index in indices {
                    do { _ = try historySource(for: queries[index]) } catch let own { results[index] = .failure(own) }
                }
                continue
            }
            let answers = try await source.histories(batch, from: from, to: to, step: step)
            for (index, answer) in zip(indices, answers) { results[index] = answer }
        }
        return results.enumerated().map { index, result in
            result ?? .failure(.sourceFailed(queries[index], reason: "the source gave no answer for it"))
        }
    }

    private func historySource(for query: MetricQuery) throws(MetricHistoryError) -> any MetricHistorySource {
        let source: (any MetricSource)?
        switch query {
        case .cloudWatch: source = cloudWatch
        case .prometheus: source = prometheus
        case .simulatedUtilization: source = nil
        }
        guard let source else {
            throw .unsupportedQuery(query, reason: "no source is configured for this kind of metric")
        }
        guard let historySource = source as? any MetricHistorySource else {
            throw .unsupportedQuery(query, reason: "the configured source cannot read history")
        }
        return historySource
    }
}

extension MetricQuery {
    /// A short human name for messages: the CloudWatch metric or the PromQL expression.
    public var displayName: String {
        switch self {
        case .cloudWatch(let metric):
            let dimensions = metric.dimensions.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
            let scope = dimensions.isEmpty ? "" : "{\(dimensions)}"
            return "CloudWatch \(metric.namespace) \(metric.metricName)\(scope) \(metric.statistic)/\(metric.periodSeconds)s"
        case .prometheus(let query):
            return "PromQL `\(query)`"
        case .simulatedUtilization:
            return "simulated utilization"
        }
    }
}
