import Foundation

extension CapacityPlanner {
    /// The HPA's stabilization: remember recommendations; scale out to the lowest one in the
    /// scale-out window, scale in to the highest one in the scale-in window.
    mutating func stabilize(
        _ recommendation: Int, current: Int, _ tracking: TargetTrackingPolicy, _ time: Date,
        reasons: inout ReasonLog
    ) -> Int {
        let outWindow = limits.scaleOutWindow
        let inWindow = limits.scaleInWindow
        memory.recommendations.append(.init(time: time, value: recommendation))
        let firstDecision = memory.firstDecision ?? time
        memory.firstDecision = firstDecision
        // Forget what fell out of the longer window (the newest, this decision's, always stays).
        let cutoff = time.addingTimeInterval(-limits.longestWindow)
        var stale = 0
        while stale < memory.recommendations.count, !(memory.recommendations[stale].time > cutoff || memory.recommendations[stale].time == time) {
            stale += 1
        }
        memory.recommendations.removeFirst(stale)

        var up = recommendation
        var down = recommendation
        let outCutoff = time.addingTimeInterval(-outWindow)
        let inCutoff = time.addingTimeInterval(-inWindow)
        for entry in memory.recommendations {
            if entry.time > outCutoff || entry.time == time { up = Swift.min(up, entry.value) }
            if entry.time > inCutoff || entry.time == time { down = Swift.max(down, entry.value) }
        }

        if up > current {
            if up < recommendation {
                reasons.append(.stabilized(direction: .scaleOut, windowSeconds: Int(outWindow), recommendation: recommendation, held: up))
            }
            return up
        }
        if down < current, time.timeIntervalSince(firstDecision) < inWindow {
            // Less history than one scale-in window (a first start, or lost state): what came
            // before is unknown, so the count in force stands until a full window has passed.
            reasons.append(.stabilized(direction: .scaleIn, windowSeconds: Int(inWindow), recommendation: recommendation, held: current))
            return current
        }
        if down < current {
            if down > recommendation {
                reasons.append(.stabilized(direction: .scaleIn, windowSeconds: Int(inWindow), recommendation: recommendation, held: down))
            }
            return down
        }
        if recommendation > current {
            reasons.append(.stabilized(direction: .scaleOut, windowSeconds: Int(outWindow), recommendation: recommendation, held: current))
        } else if recommendation < current {
            reasons.append(.stabilized(direction: .scaleIn, windowSeconds: Int(inWindow), recommendation: recommendation, held: current))
        }
        return current
    }

    /// AWS's cooldowns: no scale-in within the scale-in cooldown of the last scale-in; within
    /// the scale-out cooldown, only a scale-out larger than the last one.
    func applyCooldowns(
        _ desired: Int, current: Int, _ tracking: TargetTrackingPolicy, _ time: Date,
        reasons: inout ReasonLog
    ) -> Int {
        if desired > current, let last = memory.lastScaleOut, tracking.scaleOut.cooldownSeconds > 0 {
            let end = last.addingTimeInterval(Double(tracking.scaleOut.cooldownSeconds))
            if time < end, desired <= (memory.lastScaleOutCapacity ?? 0) {
                reasons.append(.cooldown(direction: .scaleOut, remainingSeconds: Int(end.timeIntervalSince(time).rounded(.up))))
                return current
            }
        }
        if desired < current, let last = memory.lastScaleIn, tracking.scaleIn.cooldownSeconds > 0 {
            let end = last.addingTimeInterval(Double(tracking.scaleIn.cooldownSeconds))
            if time < end {
                reasons.append(.cooldown(direction: .scaleIn, remainingSeconds: Int(end.timeIntervalSince(time).rounded(.up))))
                return current
            }
        }
        return desired
    }

    /// The HPA's rate policies: each limits the change relative to the count at the start of
    /// its period; `selectPolicy` picks the most (`max`) or least (`min`) permissive.
    func applyRateLimits(
        _ desired: Int, current: Int, _ tracking: TargetTrackingPolicy, _ time: Date,
        reasons: inout ReasonLog
    ) -> Int {
        if desired > current {
            let behavior = tracking.scaleOut
            if behavior.selectPolicy == .disabled {
                reasons.append(.directionDisabled(direction: .scaleOut))
                return current
            }
            guard !behavior.rateLimits.isEmpty else { return desired }
            var limits: [Int] = []
            for rule in behavior.rateLimits {
                let start = current - changes(within: rule.periodSeconds, at: time, positive: true)
                switch rule.kind {
                case .units: limits.append(start + rule.value)
                case .percent: limits.append(ReplicaCalculator.ceilUnits(Double(start) * (1 + Double(rule.value) / 100)))
                }
            }
            let limit = Swift.max(current, behavior.selectPolicy == .max ? limits.max()! : limits.min()!)
            if desired > limit {
                reasons.append(.rateLimited(direction: .scaleOut, limit: limit))
                return limit
            }
        } else if desired < current {
            let behavior = tracking.scaleIn
            if behavior.selectPolicy == .disabled {
                reasons.append(.directionDisabled(direction: .scaleIn))
                return current
            }
            guard !behavior.rateLimits.isEmpty else { return desired }
            var limits: [Int] = []
            for rule in behavior.rateLimits {
                let start = current + changes(within: rule.periodSeconds, at: time, positive: false)
                switch rule.kind {
                case .units: limits.append(start - rule.value)
                case .percent: limits.append(Int((Double(start) * (1 - Double(rule.value) / 100)).rounded(.down)))
                }
            }
            let limit = Swift.min(current, behavior.selectPolicy == .max ? limits.min()! : limits.max()!)
            if desired < limit {
                reasons.append(.rateLimited(direction: .scaleIn, limit: limit))
                return limit
            }
        }
        return desired
    }

    /// Units added (`positive`) or removed within the last `seconds`, as a positive number.
    private func changes(within seconds: Int, at time: Date, positive: Bool) -> Int {
        let cutoff = time.addingTimeInterval(-Double(seconds))
        var total = 0
        for change in memory.changes where change.time > cutoff {
            if positive, change.value > 0 { total += change.value }
            if !positive, change.value < 0 { total -= change.value }
        }
        return total
    }
}
