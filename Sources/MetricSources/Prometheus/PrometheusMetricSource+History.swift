import CapacityCore
import Foundation

extension PrometheusMetricSource {
    /// A PromQL expression's history: `/api/v1/query_range` evaluated at `from`, `from + step`,
    /// … while `t + step ≤ to`, split into requests of at most
    /// ``Configuration/maxPointsPerRangeRequest`` points. Evaluations without a finite value
    /// (no series at that time, NaN, ±Inf) are left out.
    /// - Throws: ``MetricHistoryError``: several series (`ambiguousResult`), HTTP or JSON
    ///   failures (`sourceFailed`), an empty range or a non-positive step (`invalidRange`);
    ///   `CancellationError` when the task is cancelled.
    public func history(_ query: MetricQuery, from: Date, to: Date, step: Duration) async throws -> [(Date, Double)] {
        guard case .prometheus(let rawExpression) = query else {
            throw MetricHistoryError.unsupportedQuery(query, reason: "the Prometheus source reads PromQL expressions only")
        }
        let expression = rawExpression.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !expression.isEmpty else {
            throw MetricHistoryError.unsupportedQuery(query, reason: "the PromQL expression is empty")
        }
        let stepSeconds = Double(step.components.seconds) + Double(step.components.attoseconds) / 1e18
        guard stepSeconds >= 0.001 else {
            throw MetricHistoryError.invalidRange(query, reason: "the step \(step) is not positive")
        }
        let start = from.timeIntervalSince1970
        let count = Int(((to.timeIntervalSince1970 - start) / stepSeconds + 1e-9).rounded(.down))
        guard count >= 1 else {
            throw MetricHistoryError.invalidRange(query, reason: "the range \(from) to \(to) holds no whole step of \(step)")
        }

        var points: [(Date, Double)] = []
        points.reserveCapacity(count)
        var first = 0
        while first < count {
            let last = min(first + configuration.maxPointsPerRangeRequest, count) - 1
            let chunkStart = Date(timeIntervalSince1970: start + Double(first) * stepSeconds)
            let chunkEnd = Date(timeIntervalSince1970: start + Double(last) * stepSeconds)
            let series: [PrometheusSeries]
            do {
                series = try await client.queryRange(expression, start: chunkStart, end: chunkEnd, step: step)
            } catch let error as CancellationError {
                throw error
            } catch {
                throw MetricHistoryError.sourceFailed(query, reason: "\(error)")
            }
            guard series.count <= 1 else {
                throw MetricHistoryError.ambiguousResult(
                    query, reason: "it returned \(series.count) series (\(Self.describe(series))) between \(chunkStart) and "
                        + "\(chunkEnd); it must return exactly one: aggregate it, e.g. sum(…)")
            }
            let chunkEndSeconds = chunkEnd.timeIntervalSince1970 + 1e-6
            for sample in series.first?.samples ?? [] where sample.value.isFinite {
                let seconds = sample.timestamp.timeIntervalSince1970
                guard seconds >= start - 1e-6, seconds <= chunkEndSeconds else { continue }
                points.append((sample.timestamp, sample.value))
            }
            first = last + 1
        }
        return points
    }
}
