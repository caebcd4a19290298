import CapacityCore
import Foundation
import MetricSources
import Synchronization

/// A metric source whose value alternates between two totals, so every tick of the leader writes.
final class AlternatingMetric: MetricSource {
    private let count = Mutex(0)
    let values: [Double]

    init(_ values: [Double]) { self.values = values }

    func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        let value = count.withLock { count in
            defer { count += 1 }
            return values[count % values.count]
        }
        return queries.map { _ in .value(value, at: time, periodSeconds: 0) }
    }
}
