import Foundation

extension CapacityPlanner {
    /// The HPA's stabilization: remember recommendations; scale out to the lowest one in the
    /// scale-out window, scale in to the highest one in the scale-in window.
    mutating func stabilize(
        _ recommendation: Int, current: Int, _ time: Date, reasons: inout ReasonLog
    ) -> Int {
        let outWindow = settings.scaleOut.stabilizationWindow
        let inWindow = settings.scaleIn.stabilizationWindow
        let firstDecision = memory.firstDecision ?? time
        memory.firstDecision = firstDecision
        // Forget what fell out of the longer window; this decision's recommendation, added
        // after, always stays.
        let cutoff = time.addingTimeInterval(-settings.longestWindow)
        var stale = 0
        while stale < memory.recommendations.count, !(memory.recommendations[stale].time > cutoff || memory.recommendations[stale].time == time) {
            stale += 1
        }
        memory.recommendations.removeFirst(stale, thenAppend: .init(time: time, value: recommendation))

        var up = recommendation
        var down = recommendation
        // Alone in the window (always, with windows shorter than a step), the recommendation
        // is its own lowest and highest.
        if memory.recommendations.count > 1 {
            let outCutoff = time.addingTimeInterval(-outWindow)
            let inCutoff = time.addingTimeInterval(-inWindow)
            for entry in memory.recommendations {
                if entry.time > outCutoff || entry.time == time { up = Swift.min(up, entry.value) }
                if entry.time > inCutoff || entry.time == time { down = Swift.max(down, entry.value) }
            }
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
    mutating func applyCooldowns(_ desired: Int, current: Int, _ time: Date, reasons: inout ReasonLog) -> Int {
        if desired > current, let last = memory.lastScaleOut, settings.scaleOut.cooldownSeconds > 0 {
            let end = last.addingTimeInterval(Double(settings.scaleOut.cooldownSeconds))
            if time < end, desired <= (memory.lastScaleOutCapacity ?? 0) {
                reasons.append(.cooldown(direction: .scaleOut, remainingSeconds: Int(end.timeIntervalSince(time).rounded(.up))))
                return current
            }
        }
        if desired < current, let last = memory.lastScaleIn, settings.scaleIn.cooldownSeconds > 0 {
            let end = last.addingTimeInterval(Double(settings.scaleIn.cooldownSeconds))
            if time < end {
                reasons.append(.cooldown(direction: .scaleIn, remainingSeconds: Int(end.timeIntervalSince(time).rounded(.up))))
                return current
            }
        }
        return desired
    }

    /// The HPA's rate policies: each limits the change relative to the count at the start of
    /// its period; `selectPolicy` picks the most (`max`) or least (`min`) permissive.
    mutating func applyRateLimits(_ desired: Int, current: Int, _ time: Date, reasons: inout ReasonLog) -> Int {
        let settings = self.settings
        if desired > current {
            let selectPolicy = settings.scaleOut.selectPolicy
            if selectPolicy == .disabled {
                reasons.append(.directionDisabled(direction: .scaleOut))
                return current
            }
            guard !settings.scaleOut.rateLimits.isEmpty else { return desired }
            // The most (select max) or least (select min) permissive of the rules' limits.
            var chosen: Int?
            for rule in settings.scaleOut.rateLimits {
                let start = current - changes(within: rule.periodSeconds, at: time, positive: true)
                let ruleLimit =
                    switch rule.kind {
                    case .units: start + rule.value
                    case .percent: ReplicaCalculator.ceilUnits(Double(start) * (1 + Double(rule.value) / 100))
                    }
                chosen = chosen.map { selectPolicy == .max ? Swift.max($0, ruleLimit) : Swift.min($0, ruleLimit) } ?? ruleLimit
            }
            let limit = Swift.max(current, chosen!)
            if desired > limit {
                reasons.append(.rateLimited(direction: .scaleOut, limit: limit))
                return limit
            }
        } else if desired < current {
            let selectPolicy = settings.scaleIn.selectPolicy
            if selectPolicy == .disabled {
                reasons.append(.directionDisabled(direction: .scaleIn))
                return current
            }
            guard !settings.scaleIn.rateLimits.isEmpty else { return desired }
            // Removing more is more permissive: select max takes the lowest limit.
            var chosen: Int?
            for rule in settings.scaleIn.rateLimits {
                let start = current + changes(within: rule.periodSeconds, at: time, positive: false)
                let ruleLimit =
                    switch rule.kind {
                    case .units: start - rule.value
                    case .percent: Int((Double(start) * (1 - Double(rule.value) / 100)).rounded(.down))
                    }
                chosen = chosen.map { selectPolicy == .max ? Swift.min($0, ruleLimit) : Swift.max($0, ruleLimit) } ?? ruleLimit
            }
            let limit = Swift.min(current, chosen!)
            if desired < limit {
                reasons.append(.rateLimited(direction: .scaleIn, limit: limit))
                return limit
            }
        }
        return desired
    }

    /// Units added (`positive`) or removed within the last `seconds`, as a positive number.
    private mutating func changes(within seconds: Int, at time: Date, positive: Bool) -> Int {
        let cutoff = time.addingTimeInterval(-Double(seconds))
        var total = 0
        for change in memory.changes where change.time > cutoff {
            if positive, change.value > 0 { total += change.value }
            if !positive, change.value < 0 { total -= change.value }
        }
        return total
    }
}
