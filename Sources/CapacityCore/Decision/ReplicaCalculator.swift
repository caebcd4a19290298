/// The arithmetic of one metric's proposal, apart from the loop that fetches and writes
/// (like the Kubernetes HPA's `replica_calculator.go`).
public enum ReplicaCalculator {
    /// Keeps floating-point noise from turning an exact fit into one more unit.
    public static let epsilon = 1e-9

    /// `ceil(x)` with the floating-point guard of SIMULATION.md.
    public static func ceilUnits(_ x: Double) -> Int {
        inlinedCeilUnits(x)
    }

    /// ``ceilUnits(_:)`` itself, inlined where a proposal is made (every metric, every step).
    @inline(__always)
    private static func inlinedCeilUnits(_ x: Double) -> Int {
        // Far beyond any real fleet; keeps absurd inputs from trapping the Int conversion.
        let ceiling = 1e12
        guard x.isFinite, x < ceiling else { return x > 0 ? Int(ceiling) : 0 }
        return Swift.max(0, WholeNumbers.ceil(x - epsilon))
    }

    /// Units a metric asks for, or `nil` when the metric is within tolerance (keep the count).
    ///
    /// Average metrics scale the units that produced them: `ceil(units × value / target)`,
    /// which rounds conservatively — it never adds too little and never removes so much that
    /// the projected value `value × units / proposal` exceeds the target.
    /// Total metrics divide the whole by the per-unit target.
    public static func proposal(
        value: Double,
        target: Double,
        valueType: TargetTrackingMetric.ValueType,
        measuredUnits: Int,
        currentCapacity: Int,
        tolerance: Double
    ) -> Int? {
        switch valueType {
        case .average:
            guard measuredUnits > 0 else { return nil }
            let ratio = value / target
            if withinTolerance(ratio, tolerance) { return nil }
            return inlinedCeilUnits(Double(measuredUnits) * ratio)
        case .total:
            if currentCapacity > 0 {
                let ratio = value / (target * Double(currentCapacity))
                if withinTolerance(ratio, tolerance) { return nil }
            }
            return inlinedCeilUnits(value / target)
        }
    }

    /// The tolerance band is inclusive; the guard keeps `66 / 60` (1.1000000000000001) inside 10 %.
    private static func withinTolerance(_ ratio: Double, _ tolerance: Double) -> Bool {
        abs(ratio - 1) <= tolerance + epsilon
    }
}
