import CapacityCore
import Foundation

/// A fixed instant tests count from, so every time in a test reads as `t0 + seconds`.
let t0 = Date(timeIntervalSince1970: 1_780_002_000)  // a whole hour, so minute periods line up

func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

/// A metric read from the simulator's utilization, the simplest source.
func utilization(_ name: String = "cpu", target: Double = 60, activation: Double = 0, disableScaleIn: Bool = false, type: TargetTrackingMetric.ValueType = .average) -> TargetTrackingMetric {
    TargetTrackingMetric(name: name, source: .simulatedUtilization, targetValue: target, valueType: type, activationValue: activation, disableScaleIn: disableScaleIn)
}

func trackingPolicy(
    _ tracking: TargetTrackingPolicy, min: Int = 1, max: Int = 100, warmPool: WarmPoolPolicy? = nil
) -> CapacityPolicy {
    CapacityPolicy(name: "test", bounds: CapacityBounds(min: min, max: max), strategy: .targetTracking(tracking), warmPool: warmPool)
}

/// A policy that acts at once on each reading: no stabilization, no tolerance unless given.
func immediate(_ metrics: [TargetTrackingMetric] = [utilization()], tolerance: Double = 0.1) -> TargetTrackingPolicy {
    TargetTrackingPolicy(metrics: metrics, tolerance: tolerance, scaleIn: ScalingBehavior(stabilizationWindowSeconds: 0))
}

func observe(_ time: Double, current: Int, ready: Int? = nil, warming: Int = 0, _ values: [Double?], bounds: CapacityBounds? = nil) -> Observation {
    let readings = values.map { value -> MetricReading in
        guard let value else { return .missing }
        return .value(value, at: at(time - 60), periodSeconds: 60)
    }
    return Observation(time: at(time), currentCapacity: current, readyUnits: ready ?? current, warmingUnits: warming, readings: readings, externalBounds: bounds)
}

extension Decision {
    var codes: [String] { reasons.map(\.code) }
}
