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
    /// shorter than the policy's shortest season, reading all of them in one batch; each target
    /// is tried once per policy version, so a source without history costs one read, not one
    /// per tick. A failure leaves the target reactive, with the reason in the log.
    func seedForecastHistory(_ policies: [CapacityPolicy], at now: Date) async {
        guard let loader = historyLoader else { return }
        var candidates: [(policy: CapacityPolicy, target: TargetReference, existing: Int)] = []
        for policy in policies {
            guard let target = policy.target, let forecast = policy.forecast, let shortest = forecast.seasonsSeconds.min() else {
                continue
            }
            let attempt = SeedAttempt(target: target.description, forecast: forecast)
            guard !seedAttempts.contains(attempt) else { continue }
            seedAttempts.insert(attempt)
            let existing = records[target.description]?.memory.history
            if let existing, existing.bucketSeconds == forecast.bucketSeconds, existing.span >= shortest { continue }
            candidates.append((policy, target, existing?.span ?? 0))
        }
        guard !candidates.isEmpty else { return }
        let results: [Result<LoadHistory?, MetricHistoryError>]
        do {
            results = try await loader.histories(for: candidates.map(\.policy), at: now)
        } catch {
            return  // cancelled: the daemon is stopping
        }
        for (candidate, result) in zip(candidates, results) {
            let target = candidate.target
            switch result {
            case .failure(let error):
                logger.warning("could not read forecast history; reactive until it builds up", metadata: ["target": "\(target)", "error": "\(error)"])
            case .success(nil):
                continue
            case .success(let seeded?):
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
}

/// One seeding try: per target and forecast settings, so a reload that changes them tries again.
struct SeedAttempt: Hashable {
    var target: String
    var forecast: ForecastPolicy
}
