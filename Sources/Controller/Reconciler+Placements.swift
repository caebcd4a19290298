import CapacityCore
import Foundation
import Logging
import MetricSources

/// The policies of one placement a tick serves, and how many it leaves for later ticks.
struct PlacementTick: Sendable {
    var placement: TargetPlacement
    var policies: [CapacityPolicy]
}

/// What one placement's reads of a tick returned.
struct PlacementRead: Sendable {
    var backend: (any CapacityBackend)?
    /// Why the placement could not be reached at all (its role could not be assumed, say).
    var failure: TargetError?
    var states: [TargetReference: Result<TargetState, TargetError>] = [:]
    var readings: [MetricReading] = []
}

/// Where one target's writes and records go.
struct Place: Sendable {
    var placement: TargetPlacement
    var labels: PlacementLabels
    var backend: (any CapacityBackend)?
}

extension Reconciler {
    /// The policies grouped by placement, the placements in the order they first appear.
    func placementGroups(_ policies: [CapacityPolicy]) -> [(TargetPlacement, [CapacityPolicy])] {
        let connections = self.connections
        return TargetPlacement.grouped(policies) { connections.placement(of: $0) }
    }

    /// The policies of `group` this tick reads: all of them when the placement's API budget
    /// covers them, else the next window of them. Says so (log, `/metrics`) when it changes.
    func servedThisTick(_ group: [CapacityPolicy], placement: TargetPlacement) async -> PlacementTick {
        guard let capacity = await connections.readCapacity(for: placement) else {
            return PlacementTick(placement: placement, policies: group)
        }
        var window = windows[placement] ?? RoundRobinWindow()
        let start = window.start % max(group.count, 1)
        let rotated = Array(group[start...] + group[..<start])
        let affordable = capacity.affordableCount(
            of: rotated.compactMap(\.target), cloudWatchQueries: rotated.map { $0.metrics.filter(\.source.isCloudWatch).count })
        let served = window.next(count: group.count, affordable: affordable).map { group[$0] }
        windows[placement] = window
        let deferred = group.count - served.count
        let labels = connections.labels(for: placement)
        recorder?.apiBudget(labels, served: served.count, deferred: deferred)
        if deferred != lastDeferred[placement, default: 0] {
            lastDeferred[placement] = deferred
            if deferred > 0 {
                let ticks = (group.count + served.count - 1) / max(served.count, 1)
                logger.warning(
                    "the API budget cannot read every target each tick: serving them in turn",
                    metadata: [
                        "placement": "\(placement)", "targets": "\(group.count)", "perTick": "\(served.count)",
                        "everyTarget": "at least every \(ticks) ticks",
                    ])
            } else {
                logger.notice("the API budget covers every target each tick again", metadata: ["placement": "\(placement)"])
            }
        }
        return PlacementTick(placement: placement, policies: served)
    }

    /// Describes a placement's targets and reads their metrics, both at once.
    static func read(_ tick: PlacementTick, through connections: any TargetConnections, at now: Date) async -> PlacementRead {
        let backend: any CapacityBackend
        let metrics: any MetricSource
        do throws(TargetError) {
            backend = try await connections.backend(for: tick.placement)
            metrics = try await connections.metrics(for: tick.placement)
        } catch {
            return PlacementRead(backend: nil, failure: error)
        }
        let targets = tick.policies.compactMap(\.target)
        let queries = tick.policies.flatMap { $0.metrics.map(\.source) }
        async let states = backend.describe(targets)
        let readings = queries.isEmpty ? [] : await metrics.latest(queries, at: now)
        return PlacementRead(backend: backend, states: await states, readings: readings)
    }
}

extension MetricQuery {
    /// Whether CloudWatch answers it (and it costs `GetMetricData` budget).
    public var isCloudWatch: Bool {
        if case .cloudWatch = self { return true }
        return false
    }
}
