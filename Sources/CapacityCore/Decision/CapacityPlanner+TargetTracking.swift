import Foundation

extension CapacityPlanner {
    /// One metric's verdict for this evaluation.
    private struct MetricVerdict {
        var proposal: Int
        /// Whether this metric takes part in the scale-in vote.
        var votesOnScaleIn: Bool
    }

    /// Target tracking: per-metric proposals, then the AWS combination rule (out if any,
    /// in only if all), then stabilization, cooldowns and rate limits.
    /// Returns the desired count and what the metrics alone recommended.
    mutating func track(_ observation: Observation, reasons: inout ReasonLog) -> (desired: Int, recommendation: Int?) {
        // `settings` is read through `self`, not copied to a local: a local held its own
        // reference (a retain and a release every decision), as the helpers it calls may change `self`.
        let time = observation.time
        let current = observation.currentCapacity
        feedAlarms(observation)
        feedPeriodAverages(observation)

        if settings.evaluationIntervalSeconds > 0, let last = memory.lastEvaluation {
            let next = last.addingTimeInterval(Double(settings.evaluationIntervalSeconds))
            if time < next {
                reasons.append(.betweenEvaluations(nextInSeconds: Int(next.timeIntervalSince(time).rounded(.up))))
                return (current, nil)
            }
        }
        memory.lastEvaluation = time

        var usable = 0
        var unusable = false
        // The highest proposal and its metric's index.
        var highest: (proposal: Int, metric: Int)?
        var voters = 0
        for index in settings.metrics.indices {
            let value: Double?
            if index < observation.readings.count {
                let reading = periodReading(observation.readings[index], metric: index)
                value = usableValue(reading, metric: index, time, reasons: &reasons)
            } else {
                reasons.append(.metricMissing(metric: settings.metricName(index)))
                value = nil
            }
            guard let value else {
                unusable = true
                continue
            }
            usable += 1
            let verdict = verdict(forMetric: index, value: value, observation, reasons: &reasons)
            if verdict.votesOnScaleIn { voters += 1 }
            if verdict.votesOnScaleIn || verdict.proposal >= current,
                highest == nil || verdict.proposal > highest!.proposal
            {
                highest = (verdict.proposal, index)
            }
        }

        guard usable > 0 else {
            memory.consecutiveFailures += 1
            if let fallback = settings.fallback, memory.consecutiveFailures >= fallback.failureThreshold {
                reasons.append(.fallback(capacity: fallback.capacity, failures: memory.consecutiveFailures))
                return (Swift.max(current, fallback.capacity), nil)
            }
            reasons.append(.scaleInBlockedByMissingData)
            return (current, nil)
        }
        memory.consecutiveFailures = 0

        var recommendation = highest?.proposal ?? current
        if recommendation < current {
            if unusable {
                reasons.append(.scaleInBlockedByMissingData)
                recommendation = current
            } else if voters == 0 || settings.disableScaleIn {
                reasons.append(.scaleInDisabled)
                recommendation = current
            } else if observation.warmingUnits > 0 {
                reasons.append(.scaleInBlockedByWarmup(warmingUnits: observation.warmingUnits))
                recommendation = current
            }
        } else if let highest, highest.proposal == current, settings.metrics.count > 1 {
            reasons.append(.scaleInNeedsAllMetrics(metric: settings.metricName(highest.metric)))
        }

        var desired = stabilize(recommendation, current: current, time, reasons: &reasons)
        desired = applyCooldowns(desired, current: current, time, reasons: &reasons)
        desired = applyRateLimits(desired, current: current, time, reasons: &reasons)
        return (desired, recommendation)
    }

    /// The reading's value when it can be trusted, else `nil` with the reason recorded.
    private mutating func usableValue(
        _ reading: MetricReading, metric index: Int, _ time: Date, reasons: inout ReasonLog
    ) -> Double? {
        switch reading.status {
        case .missing:
            reasons.append(.metricMissing(metric: settings.metricName(index)))
            return nil
        case .unavailable(let why):
            reasons.append(.metricUnavailable(metric: settings.metricName(index), reason: why))
            return nil
        case .ok:
            break
        }
        if reading.value.isNaN || reading.value < 0 {
            reasons.append(.metricMissing(metric: settings.metricName(index)))
            return nil
        }
        if let age = reading.age(at: time), age > settings.maxMetricAgeSeconds {
            reasons.append(.metricStale(metric: settings.metricName(index), ageSeconds: Int(age)))
            return nil
        }
        return reading.value
    }

    /// What one metric asks for, after activation and alarm gating.
    private mutating func verdict(
        forMetric index: Int, value: Double, _ observation: Observation, reasons: inout ReasonLog
    ) -> MetricVerdict {
        let settings = self.settings
        let metric = settings.metrics[index]
        let current = observation.currentCapacity
        var measured = Swift.max(0, observation.readyUnits - observation.warmingUnits)
        if measured == 0, current > 0, value.isFinite {
            // A finite average with no unit reported as running: the unit count lags the metric
            // (or the platform does not report it). Scale what is in service, as AWS does.
            measured = current
        }

        let inactive = value <= metric.activationValue
        if inactive, current == 0 || metric.activationValue > 0 {
            reasons.append(.activation(metric: settings.metricName(index), value: value, activationValue: metric.activationValue, active: false))
        }
        if inactive, current == 0 {
            return MetricVerdict(proposal: 0, votesOnScaleIn: !metric.disableScaleIn)
        }

        func propose(_ value: Double) -> Int? {
            ReplicaCalculator.proposal(
                value: value, target: metric.targetValue, valueType: metric.valueType,
                measuredUnits: measured, currentCapacity: current, tolerance: settings.tolerance)
        }

        // An inactive metric asks for zero units, but that is a scale-in like any other: one
        // idle reading (a quiet second, a minute with no requests) must not get past a scale-in
        // alarm that waits for fifteen low minutes, or the target drops to its minimum at once.
        var proposal = inactive ? 0 : propose(value) ?? current
        if proposal > current, let alarm = settings.scaleOut.alarm {
            let gated = alarmProposal(alarm, index: index, direction: .scaleOut, target: metric.targetValue, reasons: &reasons)
            proposal = gated.map { propose($0).map { Swift.max($0, current) } ?? current } ?? current
        } else if proposal < current, let alarm = settings.scaleIn.alarm {
            let gated = alarmProposal(alarm, index: index, direction: .scaleIn, target: metric.targetValue, reasons: &reasons)
            proposal = gated.map { latest in
                latest <= metric.activationValue ? 0 : propose(latest).map { Swift.min($0, current) } ?? current
            } ?? current
        }
        if inactive {
            return MetricVerdict(proposal: proposal, votesOnScaleIn: !metric.disableScaleIn)
        }

        if current == 0 {
            // Waking from zero: an average metric has no units to scale, so start with one.
            proposal = Swift.max(1, proposal)
            reasons.append(.activation(metric: settings.metricName(index), value: value, activationValue: metric.activationValue, active: true))
        }
        if reasons.isRecording {
            if proposal == current, propose(value) == nil {
                reasons.append(.withinTolerance(metric: settings.metricName(index), value: value, target: metric.targetValue))
            } else {
                reasons.append(.metricProposal(metric: settings.metricName(index), value: value, target: metric.targetValue, proposed: proposal))
            }
        }
        // A metric with scale-in disabled may still ask for more, but has no say in removing units.
        return MetricVerdict(proposal: proposal, votesOnScaleIn: !metric.disableScaleIn)
    }

    /// The newest datapoint when the alarm has fired, else `nil` with the pending reason.
    private mutating func alarmProposal(
        _ alarm: AlarmEvaluation, index: Int, direction: ScalingDirection, target: Double,
        reasons: inout ReasonLog
    ) -> Double? {
        let threshold = alarm.thresholdRatio * target
        // Read in place: a copy of the datapoints would retain their windows.
        let have: Int
        switch direction {
        case .scaleOut:
            have = memory.alarms[index].keptCount(limit: alarm.datapoints, above: threshold)
                ?? memory.alarms[index].consecutiveCount(limit: alarm.datapoints, above: threshold)
        case .scaleIn:
            have = memory.alarms[index].keptCount(limit: alarm.datapoints, below: threshold)
                ?? memory.alarms[index].consecutiveCount(limit: alarm.datapoints, below: threshold)
        }
        guard have >= alarm.datapoints, let latest = memory.alarms[index].latest else {
            reasons.append(.alarmPending(metric: settings.metricName(index), direction: direction, have: have, need: alarm.datapoints))
            return nil
        }
        return latest
    }

    /// Adds each fresh reading to its metric's alarm datapoints, every tick, so periods
    /// average all that was seen even between evaluations.
    private mutating func feedAlarms(_ observation: Observation) {
        guard let period = settings.alarmPeriod else { return }
        let keep = settings.alarmKeep
        let metricCount = settings.metrics.count
        if memory.alarms.count != metricCount {
            memory.alarms = Array(repeating: AlarmDatapoints(), count: metricCount)
        }
        for index in 0..<Swift.min(metricCount, observation.readings.count) {
            let reading = observation.readings[index]
            guard case .ok = reading.status, let timestamp = reading.timestamp, reading.value.isFinite else { continue }
            memory.alarms[index].add(
                value: reading.value, timestamp: timestamp, covered: reading.periodSeconds,
                period: period, keep: keep)
        }
    }
}
