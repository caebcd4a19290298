import Simulator

/// The validation part cut into days (quarters when it holds less than two), with both policies'
/// under-provisioned time and cost on each.
///
/// One ratio over the whole validation part can come from a single day: an incident the tuned
/// policy happened to ride out, or a quiet week that hides a bad afternoon. Day by day, a reader
/// sees whether the gain holds on most of the time the search never saw. docs/TUNING.md,
/// "The validation part, day by day".
public struct ValidationStretches: Sendable, Hashable {
    /// How the validation part was cut.
    public enum Length: String, Sendable, Hashable {
        case day, quarter
    }

    /// A policy's scores on one stretch.
    public struct Score: Sendable, Hashable {
        public var underSeconds: Double
        public var cost: Double
    }

    public struct Stretch: Sendable, Hashable {
        /// Steps of the whole trace.
        public var steps: Range<Int>
        public var tuned: Score
        public var baseline: Score

        /// Whether the tuned policy was short for longer than the baseline here.
        public var tunedLonger: Bool { tuned.underSeconds > baseline.underSeconds }
        /// Whether the tuned policy cost more than the baseline here (beyond rounding).
        public var tunedDearer: Bool { tuned.cost > baseline.cost * (1 + 1e-12) }
    }

    public let length: Length
    public let stretches: [Stretch]

    /// How `steps` is cut: whole days from its start when it holds two or more, a last part-day
    /// shorter than half a day joining the day before; four equal quarters otherwise.
    public static func cut(_ steps: Range<Int>, stepSeconds: Int) -> (Length, [Range<Int>]) {
        let perDay = 86_400 / Swift.max(1, stepSeconds)
        guard perDay >= 1, steps.count >= 2 * perDay else {
            let quarters = FittingMeter.stretches(steps: steps.count, parts: 4).filter { !$0.isEmpty }
            return (.quarter, quarters.map { ($0.lowerBound + steps.lowerBound)..<($0.upperBound + steps.lowerBound) })
        }
        var ranges: [Range<Int>] = []
        var start = steps.lowerBound
        while start < steps.upperBound {
            let end = Swift.min(start + perDay, steps.upperBound)
            if end - start < perDay / 2, let last = ranges.popLast() {
                ranges.append(last.lowerBound..<end)
            } else {
                ranges.append(start..<end)
            }
            start = end
        }
        return (.day, ranges)
    }

    /// Stretches on which the tuned policy was short for less time than the baseline.
    public var shorter: Int { stretches.count { $0.tuned.underSeconds < $0.baseline.underSeconds } }
    /// … for as long (most often: neither was short).
    public var asShort: Int { stretches.count { $0.tuned.underSeconds == $0.baseline.underSeconds } }
    /// … for longer.
    public var longer: Int { stretches.count(where: \.tunedLonger) }
    /// Stretches on which the tuned policy cost more than the baseline.
    public var dearer: [Stretch] { stretches.filter(\.tunedDearer) }

    /// One sentence: `short for less time than the baseline on 6 of 9 days, as long on 2, longer
    /// on 1; dearer on 2 (at most ×1.012)`.
    public var text: String {
        let noun = stretches.count == 1 ? length.rawValue : length.rawValue + "s"
        var out = "short for less time than the baseline on \(shorter) of \(stretches.count) \(noun)"
        out += ", as long on \(asShort), longer on \(longer); "
        let dearer = self.dearer
        if dearer.isEmpty {
            out += "no dearer on any"
        } else {
            let worst = dearer.map { $0.tuned.cost / Swift.max($0.baseline.cost, .leastNonzeroMagnitude) }.max() ?? 1
            out += "dearer on \(dearer.count) (at most ×\(NumberText.fixed(worst, 3)))"
        }
        return out
    }
}

extension ValidationStretches {
    /// Both policies' scores on each stretch of `report`'s scored part, from the timelines of its
    /// one replay of the whole trace (so each stretch is entered with its history); `tuned` and
    /// `baseline` index its results.
    init(_ report: SimulationReport, tuned: Int, baseline: Int) {
        let simulation = report.simulation
        let (length, ranges) = Self.cut(simulation.scoredSteps, stepSeconds: simulation.trace.stepSeconds)
        func score(_ result: Int, _ range: Range<Int>) -> Score {
            guard let timeline = report.results[result].timeline else { return Score(underSeconds: 0, cost: 0) }
            return Score(
                underSeconds: Double(timeline.stepsShort(of: simulation.demand, in: range) * simulation.trace.stepSeconds),
                cost: timeline.cost(in: range, physics: simulation.physics))
        }
        self.init(length: length, stretches: ranges.map { Stretch(steps: $0, tuned: score(tuned, $0), baseline: score(baseline, $0)) })
    }
}
