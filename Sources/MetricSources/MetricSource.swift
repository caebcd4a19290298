import CapacityCore
import Foundation

/// Something that reads the newest datapoint of metrics: CloudWatch, Prometheus, or a test double.
///
/// Reads are batched: one call answers every query of every target in a tick, so a source can
/// pack them into as few requests as its API allows. A source never throws for one metric:
/// a failure becomes that reading's ``MetricReading/Status/unavailable(reason:)``, and the
/// core refuses to scale in on it.
public protocol MetricSource: Sendable {
    /// One reading per query, in the order given.
    func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading]
}

/// Sends each query to the source for its kind and puts the answers back in order.
public struct MetricRouter: MetricSource {
    public var cloudWatch: (any MetricSource)?
    public var prometheus: (any MetricSource)?

    public init(cloudWatch: (any MetricSource)? = nil, prometheus: (any MetricSource)? = nil) {
        self.cloudWatch = cloudWatch
        self.prometheus = prometheus
    }

    public func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        var results = [MetricReading](repeating: .unavailable("no source configured"), count: queries.count)
        let kinds = Self.partition(queries)
        for index in kinds.simulated {
            results[index] = .unavailable("simulated utilization exists only in `headroom simulate`")
        }
        async let fromCloudWatch = Self.read(cloudWatch, kinds.cloudWatch, queries, time, missing: "no CloudWatch source configured")
        async let fromPrometheus = Self.read(prometheus, kinds.prometheus, queries, time, missing: "no Prometheus URL configured")
        for (index, reading) in await fromCloudWatch + fromPrometheus {
            results[index] = reading
        }
        return results
    }

    /// The positions of the queries of each kind, each list in order.
    static func partition(_ queries: [MetricQuery]) -> (cloudWatch: [Int], prometheus: [Int], simulated: [Int]) {
        var kinds: (cloudWatch: [Int], prometheus: [Int], simulated: [Int]) = ([], [], [])
        for (index, query) in queries.enumerated() {
            switch query {
            case .cloudWatch: kinds.cloudWatch.append(index)
            case .prometheus: kinds.prometheus.append(index)
            case .simulatedUtilization: kinds.simulated.append(index)
            }
        }
        return kinds
    }

    private static func read(
        _ source: (any MetricSource)?, _ indices: [Int], _ queries: [MetricQuery], _ time: Date, missing: String
    ) async -> [(Int, MetricReading)] {
        guard !indices.isEmpty else { return [] }
        guard let source else { return indices.map { ($0, .unavailable(missing)) } }
        let readings = await source.latest(indices.map { queries[$0] }, at: time)
        return indices.enumerated().map { offset, index in
            (index, offset < readings.count ? readings[offset] : .unavailable("source returned too few readings"))
        }
    }
}
