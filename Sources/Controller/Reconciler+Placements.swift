import CapacityCore
import Foundation
import Logging
import MetricSources

/// The policies of one placement a tick decides, and the budget it has to describe them.
struct PlacementTick: Sendable {
    var placement: TargetPlacement
    var policies: [CapacityPolicy]
    /// The describe calls the placement's API budget allows this tick; `nil` when it is not
    /// budgeted, and every target is described every tick.
    var describeCapacity: ReadCapacity?
}

/// What one placement's reads of a tick returned.
struct PlacementRead: Sendable {
    var backend: (any CapacityBackend)?
    /// Why the placement could not be reached at all (its role could not be assumed, say).
    var failure: TargetError?
    var states: [TargetReference: Result<TargetState, TargetError>] = [:]
    /// Each policy's readings, in the tick's policy order.
    var readings: [[MetricReading]] = []
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

    /// The policies of `group` this tick decides: all of them when the placement's metric
    /// budget covers them, else the next window of them; and what its describe budget allows.
    /// Says so (log, `/metrics`) when the budget stops covering every target each tick.
    ///
    /// Metrics are cheap (``CloudWatchClient/maxQueriesPerCall`` per call) and describes
    /// dear (10 services per `DescribeServices`), so a large fleet is decided every tick from
    /// fresh metrics and each target's last known counts, and described in turn (see
    /// ``describeSelection(_:readings:at:)``).
    func servedThisTick(_ group: [CapacityPolicy], placement: TargetPlacement) async -> PlacementTick {
        guard let capacity = await connections.readCapacity(for: placement) else {
            return PlacementTick(placement: placement, policies: group)
        }
        var window = windows[placement] ?? RoundRobinWindow()
        let start = window.start % max(group.count, 1)
        let rotated = Array(group[start...] + group[..<start])
        let affordable = capacity.only([.cloudWatchGetMetricData]).affordableCount(
            of: rotated.compactMap(\.target), cloudWatchQueries: rotated.map { $0.metrics.filter(\.source.isCloudWatch).count })
        let served = window.next(count: group.count, affordable: affordable).map { group[$0] }
        windows[placement] = window
        let describes = capacity.excluding([.cloudWatchGetMetricData]).scaled(by: describeShares[placement] ?? 1)
        return PlacementTick(placement: placement, policies: served, describeCapacity: describes)
    }

    /// Publishes a placement's tick: how many targets it decided, how many it described, and
    /// how many waited; logs when describing every target takes more than one tick, or stops.
    func reportBudget(_ placement: TargetPlacement, targets: Int, decided: Int, described: Int) {
        let labels = connections.labels(for: placement)
        recorder?.apiBudget(labels, served: decided, described: described, deferred: targets - decided)
        let rounds = described >= targets ? 1 : (targets + max(described, 1) - 1) / max(described, 1)
        guard rounds != describeRounds[placement, default: 1] else { return }
        describeRounds[placement] = rounds
        if rounds > 1 {
            logger.warning(
                "the API budget cannot describe every target each tick: each is decided every tick from its metrics and last known counts, described in turn, and described first when its decision would write",
                metadata: [
                    "placement": "\(placement)", "targets": "\(targets)", "describedPerTick": "\(described)",
                    "everyTarget": "described at least every \(rounds) ticks",
                ])
        } else {
            logger.notice("the API budget covers describing every target each tick again", metadata: ["placement": "\(placement)"])
        }
    }

    /// Reads a placement's metrics, and when it is not budgeted describes all its targets at
    /// the same time.
    static func read(_ tick: PlacementTick, through connections: any TargetConnections, at now: Date) async -> PlacementRead {
        let backend: any CapacityBackend
        let metrics: any MetricSource
        do throws(TargetError) {
            backend = try await connections.backend(for: tick.placement)
            metrics = try await connections.metrics(for: tick.placement)
        } catch {
            return PlacementRead(backend: nil, failure: error)
        }
        let targets = tick.describeCapacity == nil ? tick.policies.compactMap(\.target) : []
        let queries = tick.policies.flatMap { $0.metrics.map(\.source) }
        async let states = targets.isEmpty ? [:] : backend.describe(targets)
        let readings = queries.isEmpty ? [] : await metrics.latest(queries, at: now)
        var slices: [[MetricReading]] = []
        var offset = 0
        for policy in tick.policies {
            let end = min(offset + policy.metrics.count, readings.count)
            slices.append(offset < end ? Array(readings[offset..<end]) : [])
            offset += policy.metrics.count
        }
        return PlacementRead(backend: backend, states: await states, readings: slices)
    }
}

extension MetricQuery {
    /// Whether CloudWatch answers it (and it costs `GetMetricData` budget).
    public var isCloudWatch: Bool {
        if case .cloudWatch = self { return true }
        return false
    }
}
