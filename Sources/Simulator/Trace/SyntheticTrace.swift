import Foundation

/// Deterministic made-up traces for benchmarks and tests: no file, no clock, same seed same trace.
public enum SyntheticTrace {
    /// A diurnal web-like load: a daily swell peaking mid-afternoon UTC, quieter weekends,
    /// ±10 % noise and a 2.5× spike of an hour every 9 days. Starts 2026-01-05 (a Monday).
    /// - Parameters:
    ///   - peak: the load at the top of an ordinary weekday, before noise.
    public static func diurnal(
        days: Int = 365, stepSeconds: Int = 60, peak: Double = 1000, seed: UInt64 = 1, name: String = "synthetic-diurnal"
    ) -> Trace {
        let steps = days * 86_400 / stepSeconds
        var random = SplitMix64(seed: seed)
        var values: [Double] = []
        values.reserveCapacity(steps)
        for step in 0..<steps {
            let seconds = step * stepSeconds
            let dayFraction = Double(seconds % 86_400) / 86_400
            let day = seconds / 86_400
            // Peak at 15:00 UTC, trough at 03:00.
            let daily = 0.55 + 0.45 * sin(2 * Double.pi * (dayFraction - 0.375))
            let weekend = day % 7 >= 5 ? 0.6 : 1.0
            let noise = 0.9 + 0.2 * random.nextUnit()
            let spike = day % 9 == 4 && (seconds % 86_400) / 3600 == 11 ? 2.5 : 1.0
            values.append((peak * daily * weekend * noise * spike).rounded())
        }
        return Trace(name: name, timestampFormat: .iso8601, startSeconds: 1_767_571_200, stepSeconds: stepSeconds, values: values)
    }
}

/// Sebastiano Vigna's SplitMix64: a tiny, well-distributed, seedable generator.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }
}
