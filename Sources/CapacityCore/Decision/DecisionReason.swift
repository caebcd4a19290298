/// One reason behind a decision: which metric, rule, bound or window shaped it.
///
/// Reasons are values, not strings, so deciding stays cheap; ``description`` renders them for
/// people and ``code`` names them for logs, metrics labels and the decision journal.
public enum DecisionReason: Sendable, Hashable {
    /// A metric asked for `proposed` units (`value` against `target`).
    case metricProposal(metric: String, value: Double, target: Double, proposed: Int)
    /// The metric was within the tolerance of its target: no change from it.
    case withinTolerance(metric: String, value: Double, target: Double)
    case metricMissing(metric: String)
    case metricStale(metric: String, ageSeconds: Int)
    case metricUnavailable(metric: String, reason: String)
    /// Metrics were missing or stale, so no scale-in was allowed.
    case scaleInBlockedByMissingData
    /// After `failures` evaluations without data, the fallback capacity applies.
    case fallback(capacity: Int, failures: Int)
    /// Some metric still wants the current count or more.
    case scaleInNeedsAllMetrics(metric: String)
    case scaleInDisabled
    /// Units were warming up; scale-in waits until they are warm.
    case scaleInBlockedByWarmup(warmingUnits: Int)
    /// The alarm has `have` of the `need` datapoints it needs before acting.
    case alarmPending(metric: String, direction: ScalingDirection, have: Int, need: Int)
    case stabilized(direction: ScalingDirection, windowSeconds: Int, recommendation: Int, held: Int)
    case cooldown(direction: ScalingDirection, remainingSeconds: Int)
    case rateLimited(direction: ScalingDirection, limit: Int)
    case directionDisabled(direction: ScalingDirection)
    /// Between evaluations the count is held (the policy's evaluation interval).
    case betweenEvaluations(nextInSeconds: Int)
    case clampedToMin(min: Int)
    case clampedToMax(max: Int)
    case scheduledMin(schedule: String, min: Int)
    case scheduledMax(schedule: String, max: Int)
    case scheduledFloor(schedule: String, floor: Int)
    /// A target at zero wakes only above the activation value; at or below it on every metric it may sleep.
    case activation(metric: String, value: Double, activationValue: Double, active: Bool)
    case fixedCapacity(units: Int)
    case forecastFloor(units: Int, predictedLoad: Double)
    /// The volatility buffer held `units` for the recent load's mean plus its deviations.
    case bufferFloor(units: Int, meanLoad: Double, deviation: Double)
    case externalBounds(bounds: CapacityBounds)

    /// A stable, machine-friendly name for the kind of reason.
    public var code: String {
        switch self {
        case .metricProposal: "metric_proposal"
        case .withinTolerance: "within_tolerance"
        case .metricMissing: "metric_missing"
        case .metricStale: "metric_stale"
        case .metricUnavailable: "metric_unavailable"
        case .scaleInBlockedByMissingData: "scale_in_blocked_missing_data"
        case .fallback: "fallback"
        case .scaleInNeedsAllMetrics: "scale_in_needs_all_metrics"
        case .scaleInDisabled: "scale_in_disabled"
        case .scaleInBlockedByWarmup: "scale_in_blocked_warmup"
        case .alarmPending: "alarm_pending"
        case .stabilized: "stabilized"
        case .cooldown: "cooldown"
        case .rateLimited: "rate_limited"
        case .directionDisabled: "direction_disabled"
        case .betweenEvaluations: "between_evaluations"
        case .clampedToMin: "clamped_to_min"
        case .clampedToMax: "clamped_to_max"
        case .scheduledMin: "scheduled_min"
        case .scheduledMax: "scheduled_max"
        case .scheduledFloor: "scheduled_floor"
        case .activation: "activation"
        case .fixedCapacity: "fixed_capacity"
        case .forecastFloor: "forecast_floor"
        case .bufferFloor: "buffer_floor"
        case .externalBounds: "external_bounds"
        }
    }
}

extension DecisionReason: CustomStringConvertible {
    public var description: String {
        switch self {
        case .metricProposal(let metric, let value, let target, let proposed):
            "\(metric) is \(format(value)) against target \(format(target)): \(proposed) units"
        case .withinTolerance(let metric, let value, let target):
            "\(metric) is \(format(value)), within tolerance of target \(format(target))"
        case .metricMissing(let metric):
            "\(metric) has no datapoint"
        case .metricStale(let metric, let age):
            "\(metric) is stale (\(age) s old)"
        case .metricUnavailable(let metric, let reason):
            "\(metric) could not be read: \(reason)"
        case .scaleInBlockedByMissingData:
            "no scale-in while metrics are missing or stale"
        case .fallback(let capacity, let failures):
            "fallback to at least \(capacity) units after \(failures) evaluations without data"
        case .scaleInNeedsAllMetrics(let metric):
            "no scale-in: \(metric) does not agree"
        case .scaleInDisabled:
            "scale-in is disabled"
        case .scaleInBlockedByWarmup(let warming):
            "no scale-in while \(warming) units warm up"
        case .alarmPending(let metric, let direction, let have, let need):
            "\(metric): \(have) of \(need) datapoints past the \(direction) threshold"
        case .stabilized(let direction, let window, let recommendation, let held):
            "\(direction) stabilization (\(window) s window) holds \(held) instead of \(recommendation)"
        case .cooldown(let direction, let remaining):
            "\(direction) cooldown: \(remaining) s left"
        case .rateLimited(let direction, let limit):
            "\(direction) rate limit: at most \(limit) units"
        case .directionDisabled(let direction):
            "\(direction) is disabled by the policy"
        case .betweenEvaluations(let next):
            "held between evaluations (next in \(next) s)"
        case .clampedToMin(let min):
            "raised to the minimum \(min)"
        case .clampedToMax(let max):
            "lowered to the maximum \(max)"
        case .scheduledMin(let schedule, let min):
            "schedule \(schedule) sets min \(min)"
        case .scheduledMax(let schedule, let max):
            "schedule \(schedule) sets max \(max)"
        case .scheduledFloor(let schedule, let floor):
            "schedule \(schedule) holds at least \(floor) units"
        case .activation(let metric, let value, let activation, let active):
            active
                ? "\(metric) is \(format(value)), above activation \(format(activation))"
                : "\(metric) is \(format(value)), at or below activation \(format(activation))"
        case .fixedCapacity(let units):
            "fixed capacity of \(units) units"
        case .forecastFloor(let units, let load):
            "forecast load \(format(load)) needs at least \(units) units"
        case .bufferFloor(let units, let mean, let deviation):
            "recent load \(format(mean)) ± \(format(deviation)) units holds at least \(units) units"
        case .externalBounds(let bounds):
            "the target's own bounds \(bounds) apply"
        }
    }
}

/// Which way a change goes.
public enum ScalingDirection: String, Sendable, Hashable, Codable, CustomStringConvertible {
    case scaleOut = "scale-out"
    case scaleIn = "scale-in"

    public var description: String { rawValue }
}

private func format(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.2f", value)
}

import Foundation
