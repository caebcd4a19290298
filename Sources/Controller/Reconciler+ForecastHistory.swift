import CapacityCore
import Foundation
import Logging
import MetricSources

extension Reconciler {
    /// Seeds the forecast history of every target whose policy forecasts and whose memory is
    /// shorter than the policy's shortest season; each target is tried once per policy version,
    /// so a source without history costs one read, not one per tick. A failure leaves the
    /// target reactive, with the reason in the log.
    func seedForecastHistory(_ policies: [CapacityPolicy], at now: Date) async {
        guard let loader = historyLoader else { return }
        for policy in policies {
            guard let target = policy.target, let forecast = policy.forecast, let shortest = forecast.seasonsSeconds.min() else {
                continue
            }
            let key = target.description
            let attempt = SeedAttempt(target: key, forecast: forecast)
            guard !seedAttempts.contains(attempt) else { continue }
            seedAttempts.insert(attempt)
            let existing = records[key]?.memory.history
            if let existing, existing.bucketSeconds == forecast.bucketSeconds, existing.span >= shortest { continue }
            do {
                guard let seeded = try await loader.history(for: policy, at: now) else { continue }
                if seeded.span <= (existing?.span ?? 0) {
                    logger.warning(
                        "no usable forecast history; reactive until it builds up",
                        metadata: ["target": "\(target)", "hint": "average metrics need the target's capacity history (Container Insights RunningTaskCount, or ASG group metrics)"])
                    continue
                }
                var record = records[key] ?? TargetRecord()
                record.memory.history = seeded
                record.memory.forecast = nil
                records[key] = record
                logger.info(
                    "forecast history seeded", metadata: ["target": "\(target)", "history": "\(ForecastStatus.duration(seeded.span))"])
            } catch {
                logger.warning("could not read forecast history; reactive until it builds up", metadata: ["target": "\(target)", "error": "\(error)"])
            }
        }
    }
}

/// One seeding try: per target and forecast settings, so a reload that changes them tries again.
struct SeedAttempt: Hashable {
    var target: String
    var forecast: ForecastPolicy
}
