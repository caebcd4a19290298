import CapacityCore
import Foundation
import Logging
import MetricSources

extension Reconciler {
    /// From now on ticks do not read forecast history; ``seedPendingHistory(at:)`` does, beside
    /// them (``ForecastHistoryService``), so a daemon with many targets decides reactively from
    /// its first tick instead of waiting for days of history first.
    public func seedHistoryInBackground() {
        seedsHistoryInTick = false
    }

    /// Reads the history of every target that still needs it (new targets, or a reload that
    /// changed a `Forecast`). Live load the ticks recorded meanwhile is kept on top of it.
    public func seedPendingHistory(at now: Date) async {
        await seedForecastHistory(currentPolicies, at: now)
    }

    /// Seeds the forecast history of every target whose policy forecasts and whose memory is
    /// shorter than the policy's shortest season, reading all of a placement's targets in one
    /// batch, from the placement's own region and account (``TargetConnections/history(for:)``).
    /// A target is read once per policy version, so a source without history costs one read,
    /// not one per tick; a failed read (throttling, an outage, a permission fixed later) is
    /// tried again after a growing pause (``HistoryRead/retryDelay(afterFailures:)``), and the
    /// target decides reactively meanwhile.
    func seedForecastHistory(_ policies: [CapacityPolicy], at now: Date) async {
        guard let loader = historyLoader else { return }
        var candidates: [HistoryCandidate] = []
        for policy in policies {
            guard let target = policy.target, let forecast = policy.forecast, let shortest = forecast.seasonsSeconds.min() else {
                continue
            }
            let placement = connections.placement(of: policy)
            let identity = placement.identity(of: target)
            let attempt = SeedAttempt(target: identity, forecast: forecast)
            guard historyReads[attempt]?.isDue(at: now) ?? true else { continue }
            let existing = records[identity]?.memory.history
            if let existing, existing.bucketSeconds == forecast.bucketSeconds, existing.span >= shortest {
                historyReads[attempt] = .done
                continue
            }
            candidates.append(HistoryCandidate(policy: policy, placement: placement, identity: identity, attempt: attempt, existing: existing?.span ?? 0))
            // The actor may run another seeding while this one waits for the source.
            historyReads[attempt] = .reading(failures: historyReads[attempt]?.failures ?? 0)
        }
        let groups = TargetPlacement.grouped(candidates.map(\.policy)) { connections.placement(of: $0) }
        var remaining = candidates
        for (placement, _) in groups {
            let members = remaining.filter { $0.placement == placement }
            remaining.removeAll { $0.placement == placement }
            let results: [Result<LoadHistory?, MetricHistoryError>]
            do {
                let source = try await connections.history(for: placement).map(ForecastHistoryLoader.init(source:)) ?? loader
                results = try await source.histories(for: members.map(\.policy), at: now)
            } catch let error as TargetError {
                // The placement cannot be reached (its role, its region): each target fails alone.
                let failure = MetricHistoryError.unreachable("\(placement)", reason: "\(error)")
                for member in members { seeded(member, .failure(failure), at: now) }
                continue
            } catch {
                // Cancelled: the daemon is stopping. A later start reads again.
                for candidate in members + remaining { historyReads[candidate.attempt] = nil }
                return
            }
            for (member, result) in zip(members, results) { seeded(member, result, at: now) }
        }
    }

    /// Records what one target's history read gave.
    private func seeded(_ candidate: HistoryCandidate, _ result: Result<LoadHistory?, MetricHistoryError>, at now: Date) {
        let target = candidate.policy.target.map { "\($0)" } ?? candidate.identity
        switch result {
        case .failure(let error):
            let failures = (historyReads[candidate.attempt]?.failures ?? 0) + 1
            let delay = HistoryRead.retryDelay(afterFailures: failures)
            historyReads[candidate.attempt] = .failed(
                count: failures, retryAt: now.addingTimeInterval(Double(delay)), reason: error.description)
            logger.warning(
                "could not read forecast history; reactive until it arrives",
                metadata: ["target": "\(candidate.identity)", "error": "\(error)", "failures": "\(failures)", "retry_in_seconds": "\(delay)"])
        case .success(nil):
            historyReads[candidate.attempt] = .done
        case .success(let seeded?):
            historyReads[candidate.attempt] = .done
            if seeded.span <= candidate.existing {
                logger.warning(
                    "no usable forecast history; reactive until it builds up",
                    metadata: ["target": "\(candidate.identity)", "hint": "average metrics need the target's capacity history (Container Insights RunningTaskCount, or ASG group metrics)"])
                return
            }
            var record = records[candidate.identity] ?? TargetRecord()
            var history = seeded
            // Ticks may have recorded live load while the past was being read.
            if let live = record.memory.history, live.bucketSeconds == seeded.bucketSeconds { history.extend(with: live) }
            record.memory.history = history
            record.memory.forecast = nil
            records[candidate.identity] = record
            logger.info(
                "forecast history seeded", metadata: ["target": "\(target)", "identity": "\(candidate.identity)", "history": "\(ForecastStatus.duration(seeded.span))"])
        }
    }

    /// `status`, told why the history is missing when reading it failed.
    func forecastStatus(_ status: ForecastStatus?, policy: CapacityPolicy, identity: String) -> ForecastStatus? {
        guard case .warmingUp(let have, let needed)? = status, let forecast = policy.forecast,
            case .failed(_, let retryAt, let reason)? = historyReads[SeedAttempt(target: identity, forecast: forecast)]
        else { return status }
        return .historyUnreadable(historySeconds: have, neededSeconds: needed, reason: reason, retryAt: retryAt)
    }
}

/// One seeding try: per target (its identity, placement included) and forecast settings, so a
/// reload that changes them tries again.
struct SeedAttempt: Hashable {
    var target: String
    var forecast: ForecastPolicy
}

/// A target whose history is to be read, and where.
struct HistoryCandidate {
    var policy: CapacityPolicy
    var placement: TargetPlacement
    /// The key of its record: ``TargetPlacement/identity(of:)``.
    var identity: String
    var attempt: SeedAttempt
    /// Seconds of history it had before the read.
    var existing: Int
}

/// How a target's history read went, per ``SeedAttempt``.
enum HistoryRead: Hashable {
    /// Read, or found nothing usable: not read again until the forecast settings change.
    case done
    /// Being read now, after `failures` failed reads.
    case reading(failures: Int)
    /// Failed `count` times in a row, the last time for `reason`; tried again from `retryAt`.
    case failed(count: Int, retryAt: Date, reason: String)

    var failures: Int {
        switch self {
        case .done: 0
        case .reading(let failures): failures
        case .failed(let count, _, _): count
        }
    }

    func isDue(at now: Date) -> Bool {
        if case .failed(_, let retryAt, _) = self { now >= retryAt } else { false }
    }

    /// Seconds before the next try: one minute after the first failure, doubling to an hour,
    /// so an outage at start-up costs a few reads, not one per tick, and the end of an outage
    /// (or a permission granted later) is noticed within the hour.
    static func retryDelay(afterFailures failures: Int) -> Int {
        min(3600, 60 << min(max(failures - 1, 0), 6))
    }
}
