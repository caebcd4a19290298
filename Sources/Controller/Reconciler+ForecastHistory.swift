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
    /// shorter than the policy's shortest season, reading all of them in one batch. A target is
    /// read once per policy version, so a source without history costs one read, not one per
    /// tick; a failed read (throttling, an outage, a permission fixed later) is tried again
    /// after a growing pause (``HistoryRead/retryDelay(afterFailures:)``), and the target
    /// decides reactively meanwhile.
    func seedForecastHistory(_ policies: [CapacityPolicy], at now: Date) async {
        guard let loader = historyLoader else { return }
        var candidates: [(policy: CapacityPolicy, target: TargetReference, attempt: SeedAttempt, existing: Int)] = []
        for policy in policies {
            guard let target = policy.target, let forecast = policy.forecast, let shortest = forecast.seasonsSeconds.min() else {
                continue
            }
            let attempt = SeedAttempt(target: target.description, forecast: forecast)
            guard historyReads[attempt]?.isDue(at: now) ?? true else { continue }
            let existing = records[target.description]?.memory.history
            if let existing, existing.bucketSeconds == forecast.bucketSeconds, existing.span >= shortest {
                historyReads[attempt] = .done
                continue
            }
            candidates.append((policy, target, attempt, existing?.span ?? 0))
            // The actor may run another seeding while this one waits for the source.
            historyReads[attempt] = .reading(failures: historyReads[attempt]?.failures ?? 0)
        }
        guard !candidates.isEmpty else { return }
        let results: [Result<LoadHistory?, MetricHistoryError>]
        do {
            results = try await loader.histories(for: candidates.map(\.policy), at: now)
        } catch {
            // Cancelled: the daemon is stopping. A later start reads again.
            for candidate in candidates { historyReads[candidate.attempt] = nil }
            return
        }
        for (candidate, result) in zip(candidates, results) {
            let target = candidate.target
            switch result {
            case .failure(let error):
                let failures = (historyReads[candidate.attempt]?.failures ?? 0) + 1
                let delay = HistoryRead.retryDelay(afterFailures: failures)
                historyReads[candidate.attempt] = .failed(
                    count: failures, retryAt: now.addingTimeInterval(Double(delay)), reason: error.description)
                logger.warning(
                    "could not read forecast history; reactive until it arrives",
                    metadata: ["target": "\(target)", "error": "\(error)", "failures": "\(failures)", "retry_in_seconds": "\(delay)"])
            case .success(nil):
                historyReads[candidate.attempt] = .done
            case .success(let seeded?):
                historyReads[candidate.attempt] = .done
                if seeded.span <= candidate.existing {
                    logger.warning(
                        "no usable forecast history; reactive until it builds up",
                        metadata: ["target": "\(target)", "hint": "average metrics need the target's capacity history (Container Insights RunningTaskCount, or ASG group metrics)"])
                    continue
                }
                var record = records[target.description] ?? TargetRecord()
                var history = seeded
                // Ticks may have recorded live load while the past was being read.
                if let live = record.memory.history, live.bucketSeconds == seeded.bucketSeconds { history.extend(with: live) }
                record.memory.history = history
                record.memory.forecast = nil
                records[target.description] = record
                logger.info(
                    "forecast history seeded", metadata: ["target": "\(target)", "history": "\(ForecastStatus.duration(seeded.span))"])
            }
        }
    }

    /// `status`, told why the history is missing when reading it failed.
    func forecastStatus(_ status: ForecastStatus?, policy: CapacityPolicy, target: TargetReference) -> ForecastStatus? {
        guard case .warmingUp(let have, let needed)? = status, let forecast = policy.forecast,
            case .failed(_, let retryAt, let reason)? = historyReads[SeedAttempt(target: target.description, forecast: forecast)]
        else { return status }
        return .historyUnreadable(historySeconds: have, neededSeconds: needed, reason: reason, retryAt: retryAt)
    }
}

/// One seeding try: per target and forecast settings, so a reload that changes them tries again.
struct SeedAttempt: Hashable {
    var target: String
    var forecast: ForecastPolicy
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
