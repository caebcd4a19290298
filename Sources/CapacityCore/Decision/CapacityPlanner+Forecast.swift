import Foundation

extension CapacityPlanner {
    /// Records this observation's load and returns the forecast for the coming horizon,
    /// computed once per history bucket.
    mutating func plannedLoad(_ forecastPolicy: ForecastPolicy, _ observation: Observation) -> LoadForecast? {
        // Taken out of memory and moved back, as the buffer's window is: read in place, the
        // history was copied on every access.
        let capacity = Swift.max(1, forecastPolicy.historySeconds / forecastPolicy.bucketSeconds)
        var history = memory.history.take() ?? LoadHistory(bucketSeconds: forecastPolicy.bucketSeconds, capacity: capacity)
        if history.bucketSeconds != forecastPolicy.bucketSeconds {
            history = LoadHistory(bucketSeconds: forecastPolicy.bucketSeconds, capacity: capacity)
        }
        if let (load, time) = observedLoad(observation) {
            history.record(load, at: time)
        }
        let bucket = history.index(of: observation.time)
        let lastBucket = history.lastIndex
        if let cached = memory.forecast, cached.bucket == bucket, cached.lastHistoryBucket == lastBucket {
            memory.history = consume history
            return cached.forecast
        }
        let forecast = SeasonalForecaster.forecast(
            history, now: observation.time, horizonSeconds: forecastPolicy.horizonSeconds,
            seasonsSeconds: forecastPolicy.seasonsSeconds)
        memory.history = consume history
        memory.forecast = .init(bucket: bucket, lastHistoryBucket: lastBucket, forecast: forecast)
        return forecast
    }

    /// Units needed at the target for the load behind the freshest usable reading: the
    /// largest over the metrics, stamped with the time the load happened.
    mutating func observedLoad(_ observation: Observation) -> (Double, Date)? {
        let settings = self.settings
        guard settings.tracks else { return nil }
        let measured = Double(Swift.max(0, observation.readyUnits - observation.warmingUnits))
        var best: (Double, Date)?
        for index in 0..<Swift.min(settings.metrics.count, observation.readings.count) {
            let reading = observation.readings[index]
            guard case .ok = reading.status, reading.value.isFinite, reading.value >= 0, let timestamp = reading.timestamp,
                let age = reading.age(at: observation.time), age <= settings.maxMetricAgeSeconds
            else { continue }
            let load = settings.metrics[index].unitsNeeded(value: reading.value, measuredUnits: measured)
            if best == nil || load > best!.0 { best = (load, timestamp) }
        }
        return best
    }

    /// The warm pool for `desired`: EC2's sizing, or, when the forecast plans the pool, enough
    /// warm units to absorb the forecast's expected error.
    /// With a volatility buffer that plans the pool, enough warm units for its extra deviations;
    /// when both plan it, the larger pool wins.
    mutating func plannedWarmPool(
        _ pool: WarmPoolPolicy, desired: Int, groupMax: Int, forecast: LoadForecast?, deviation: Double? = nil
    ) -> WarmPoolPlan {
        var plan = WarmPoolPlan(policy: pool, desired: desired, groupMax: groupMax)
        var planned: Int?
        if let factor = policy.forecast?.warmPoolErrorFactor, factor > 0, let forecast {
            planned = ReplicaCalculator.ceilUnits(forecast.uncertainty * factor)
        }
        if let extra = policy.buffer?.warmPoolDeviations, extra > 0, let deviation {
            planned = Swift.max(planned ?? 0, ReplicaCalculator.ceilUnits(deviation * extra))
        }
        guard let planned else { return plan }
        let size = Swift.max(pool.minSize, planned)
        plan.poolSize = size
        plan.maxGroupPreparedCapacity = Swift.min(groupMax, desired + size)
        return plan
    }
}
