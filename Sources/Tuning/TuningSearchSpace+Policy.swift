import CapacityCore

extension TuningSearchSpace {
    /// The policy a candidate stands for: the baseline with every knob of the genome applied.
    ///
    /// What the user owns stays the baseline's: bounds, target, region, schedules, metric names
    /// and sources, `DisableScaleIn`, metric age, evaluation interval and fallback.
    public func policy(_ genome: TuningGenome, name: String) -> CapacityPolicy {
        func value(_ id: KnobID) -> Double { self.value(id, in: genome) }
        func seconds(_ id: KnobID) -> Int { Int(value(id).rounded()) }
        var policy = baseline
        policy.name = name
        policy.kind = .headroom

        var tracking = baselineTracking
        let ratio = value(.targetRatio)
        tracking.metrics = tracking.metrics.map { metric in
            var tuned = metric
            tuned.targetValue = Self.roundedTarget(metric.targetValue * ratio)
            return tuned
        }
        tracking.tolerance = value(.tolerance)
        tracking.instanceWarmupSeconds = seconds(.instanceWarmup)
        let outDatapoints = seconds(.scaleOutAlarmDatapoints)
        let outRate = seconds(.scaleOutRatePercent)
        tracking.scaleOut = ScalingBehavior(
            stabilizationWindowSeconds: seconds(.scaleOutStabilization), cooldownSeconds: seconds(.scaleOutCooldown),
            rateLimits: outRate > 0 ? [.init(kind: .percent, value: outRate, periodSeconds: 60)] : [],
            selectPolicy: .max,
            alarm: outDatapoints > 0
                ? AlarmEvaluation(periodSeconds: 60, datapoints: outDatapoints, thresholdRatio: value(.scaleOutAlarmThreshold)) : nil)
        let inDatapoints = seconds(.scaleInAlarmDatapoints)
        let inRate = seconds(.scaleInRatePercent)
        tracking.scaleIn = ScalingBehavior(
            stabilizationWindowSeconds: seconds(.scaleInStabilization), cooldownSeconds: seconds(.scaleInCooldown),
            rateLimits: inRate > 0 ? [.init(kind: .percent, value: inRate, periodSeconds: 60)] : [],
            selectPolicy: .max,
            alarm: inDatapoints > 0
                ? AlarmEvaluation(periodSeconds: 60, datapoints: inDatapoints, thresholdRatio: value(.scaleInAlarmThreshold)) : nil)
        policy.strategy = .targetTracking(tracking)

        let warmPoolOn = value(.warmPool) > 0
        let warmDeviations = warmPoolOn ? value(.warmPoolDeviations) : 0
        policy.buffer =
            value(.buffer) > 0
            ? VolatilityBuffer(
                windowSeconds: seconds(.bufferWindow), deviations: value(.bufferDeviations), bucketSeconds: bufferBucketSeconds,
                warmPoolDeviations: warmDeviations)
            : nil
        if value(.forecast) > 0 {
            let seasons = Self.seasonSets[Int(value(.forecastSeasons))]
            policy.forecast = ForecastPolicy(
                horizonSeconds: Swift.max(forecastBucketSeconds, Swift.max(60, context.bootSeconds) + seconds(.forecastHorizonExtra)),
                bucketSeconds: forecastBucketSeconds, seasonsSeconds: seasons,
                historySeconds: Swift.max(86_400, 2 * (seasons.max() ?? 86_400)),
                headroom: value(.forecastHeadroom), warmPoolErrorFactor: warmDeviations)
        } else {
            policy.forecast = nil
        }
        if warmPoolOn {
            let minSize = Int((value(.warmPoolMinSize) * Double(baseline.bounds.max)).rounded())
            policy.warmPool = WarmPoolPolicy(
                minSize: minSize, maxGroupPreparedCapacity: baseline.warmPool?.maxGroupPreparedCapacity,
                poolState: baseline.warmPool?.poolState ?? .stopped, reuseOnScaleIn: value(.warmPoolReuse) > 0)
        } else {
            policy.warmPool = nil
        }
        return policy
    }

    /// The baseline's target tracking (a baseline without it was refused when the run started).
    var baselineTracking: TargetTrackingPolicy {
        if case .targetTracking(let tracking) = baseline.strategy { return tracking }
        return TargetTrackingPolicy(metrics: [])
    }

    /// One-minute buckets, or the step when it is longer, so each bucket holds a reading.
    var bufferBucketSeconds: Int { Swift.min(3600, Swift.max(60, context.stepSeconds)) }

    /// Five-minute buckets, or the step when it is longer.
    var forecastBucketSeconds: Int { Swift.min(3600, Swift.max(300, context.stepSeconds)) }

    /// Targets are written with at most two decimals, so the file says exactly what was scored.
    static func roundedTarget(_ value: Double) -> Double {
        Swift.max(0.01, (value * 100).rounded() / 100)
    }
}
