import CapacityCore
import Testing

@Suite("Replica arithmetic")
struct ReplicaCalculatorTests {
    @Test func metricExactlyAtTargetKeepsTheCount() {
        #expect(ReplicaCalculator.proposal(value: 60, target: 60, valueType: .average, measuredUnits: 5, currentCapacity: 5, tolerance: 0) == nil)
    }

    @Test func toleranceEdgeIsInclusive() {
        // ratio 1.1 exactly is within a 10 % tolerance; just above it is not.
        #expect(ReplicaCalculator.proposal(value: 66, target: 60, valueType: .average, measuredUnits: 10, currentCapacity: 10, tolerance: 0.1) == nil)
        #expect(ReplicaCalculator.proposal(value: 66.01, target: 60, valueType: .average, measuredUnits: 10, currentCapacity: 10, tolerance: 0.1) == 12)
        #expect(ReplicaCalculator.proposal(value: 54, target: 60, valueType: .average, measuredUnits: 10, currentCapacity: 10, tolerance: 0.1) == nil)
        #expect(ReplicaCalculator.proposal(value: 53.9, target: 60, valueType: .average, measuredUnits: 10, currentCapacity: 10, tolerance: 0.1) == 9)
    }

    @Test func roundsUpSoNeverTooFewUnits() {
        // 4 units at 90 % with a 60 % target need 6 units exactly; at 91 % they need 6.07 → 7.
        #expect(ReplicaCalculator.proposal(value: 90, target: 60, valueType: .average, measuredUnits: 4, currentCapacity: 4, tolerance: 0) == 6)
        #expect(ReplicaCalculator.proposal(value: 91, target: 60, valueType: .average, measuredUnits: 4, currentCapacity: 4, tolerance: 0) == 7)
        // Scale-in rounds up too: 10 units at 25 % need 4.17 → 5, never 4 (which would run at 62.5 %).
        #expect(ReplicaCalculator.proposal(value: 25, target: 60, valueType: .average, measuredUnits: 10, currentCapacity: 10, tolerance: 0) == 5)
    }

    @Test func floatingPointNoiseDoesNotAddAUnit() {
        // 0.7 * 3 / 0.7 is 3.0000000000000004 in binary floating point.
        #expect(ReplicaCalculator.ceilUnits(0.7 * 3 / 0.7) == 3)
    }

    @Test func totalMetricsDivideByTheUnitTarget() {
        #expect(ReplicaCalculator.proposal(value: 250, target: 100, valueType: .total, measuredUnits: 0, currentCapacity: 0, tolerance: 0.1) == 3)
        // 2 units with 210 messages and 100 per unit: 1.05 of target, within tolerance.
        #expect(ReplicaCalculator.proposal(value: 210, target: 100, valueType: .total, measuredUnits: 2, currentCapacity: 2, tolerance: 0.1) == nil)
    }

    @Test func noMeasuredUnitsMeansNoAverageProposal() {
        #expect(ReplicaCalculator.proposal(value: 90, target: 60, valueType: .average, measuredUnits: 0, currentCapacity: 2, tolerance: 0) == nil)
    }

    @Test func absurdRatiosSaturateInsteadOfTrapping() {
        #expect(ReplicaCalculator.proposal(value: 100, target: 1e-300, valueType: .average, measuredUnits: 3, currentCapacity: 3, tolerance: 0) == 1_000_000_000_000)
        #expect(ReplicaCalculator.ceilUnits(.infinity) == 1_000_000_000_000)
        #expect(ReplicaCalculator.ceilUnits(-5) == 0)
    }
}
