import CapacityCore
import Foundation
import PolicyFiles
import Simulator

@testable import Tuning

/// A synthetic service: a daily cycle with noise and a few flash crowds, in steps of
/// `stepSeconds` (five minutes keeps the tuner's tests quick in a debug build).
func dailyTrace(days: Int, stepSeconds: Int = 300, seed: UInt64 = 3, name: String = "daily") -> Trace {
    var generator = SeededGenerator(seed: seed)
    var values: [Double] = []
    let perDay = 86_400 / stepSeconds
    let steps = days * perDay
    values.reserveCapacity(steps)
    for step in 0..<steps {
        let phase = Double(step % perDay) / Double(perDay)
        let cycle: Double = 150 * sin(2 * .pi * (phase - 0.3))
        var load = 200 + cycle + 20 * (generator.unit() - 0.5)
        if step % 97 < 2 { load *= 1.6 }
        values.append(max(0, load))
    }
    return Trace(name: name, timestampFormat: .iso8601, startSeconds: 1_700_000_000 - 1_700_000_000 % 86_400, stepSeconds: stepSeconds, values: values)
}

/// A web API whose units serve 10 load each at up to 80 % and boot in 90 s.
let webScenario = SimulationScenario(
    name: "web", capacityPerUnit: 10, sloUtilization: 0.8, minUnits: 1, bootSeconds: 90, warmStartSeconds: 30,
    metricLagSeconds: 60, pricePerUnitHour: 0.05, warmPricePerUnitHour: 0.005)

/// AWS target tracking at 60 %, as simulations/policies/aws-target-tracking.yaml writes it.
let awsBaselineYAML = """
    # the baseline
    Name: aws
    Kind: aws-target-tracking
    MinCapacity: 1
    MaxCapacity: 100
    TargetTracking:
      Metrics:
        - Name: cpu
          TargetValue: 60
      Tolerance: 0
      ScaleOut:
        Cooldown: 300
        Alarm: {Datapoints: 3, PeriodSeconds: 60, ThresholdRatio: 1.0}
      ScaleIn:
        Cooldown: 300
        Alarm: {Datapoints: 15, PeriodSeconds: 60, ThresholdRatio: 0.9}

    """

func awsBaseline() throws -> CapacityPolicy {
    try PolicyFileLoader.load(yaml: awsBaselineYAML, path: "aws.yaml")
}

/// A trace of `steps` one-minute steps with a gentle cycle.
func flatTrace(steps: Int) -> Trace {
    Trace(name: "short", stepSeconds: 60, values: (0..<steps).map { 100 + 50 * sin(Double($0) / 60) })
}

/// An hour of requests a second, as the LLM trace has them: Poisson counts around a mean that
/// drifts between 3 and 8 each minute.
func poissonSecondsTrace(seed: UInt64, steps: Int = 3600) -> Trace {
    var generator = SeededGenerator(seed: seed)
    var mean = 5.0
    var values: [Double] = []
    for step in 0..<steps {
        if step % 60 == 0 { mean = min(8, max(3, mean + 2 * (generator.unit() - 0.5))) }
        // Inversion: the first count whose cumulative probability reaches a uniform draw.
        let draw = generator.unit()
        var count = 0, probability = exp(-mean), cumulative = probability
        while draw > cumulative {
            count += 1
            probability *= mean / Double(count)
            cumulative += probability
        }
        values.append(Double(count))
    }
    return Trace(name: "requests", stepSeconds: 1, values: values)
}

/// VMs that boot in five minutes, as simulations/scenarios/vm-fleet.yaml has them.
let fleetScenario = SimulationScenario(
    name: "fleet", capacityPerUnit: 0.75, sloUtilization: 0.8, minUnits: 1, bootSeconds: 300, warmStartSeconds: 30,
    metricLagSeconds: 60, pricePerUnitHour: 0.77, warmPricePerUnitHour: 0.05)
