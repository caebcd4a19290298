import CapacityCore

/// Every knob `headroom tune` turns, with its bounds, in one place.
///
/// A candidate is a ``TuningGenome``: one number in [0, 1) per knob. Each knob maps its number
/// onto its values, so the search can sample and perturb every candidate alike while the
/// values stay within bounds that anyone can read here (and in `headroom tune --help` and
/// docs/TUNING.md). The baseline policy keeps what the user owns: bounds, target, region,
/// schedules, metric names and sources, fallback and metric age.
public struct TuningSearchSpace: Sendable {
    /// The knobs, in genome order; disabled knobs have a single value.
    public let knobs: [Knob]
    /// The policy the tuned ones start from.
    public let baseline: CapacityPolicy

    /// What the space needs to know of the service and the data it is fitted on.
    public struct Context: Sendable, Hashable {
        /// Δ of the trace, in seconds.
        public var stepSeconds: Int
        /// Cold launch to ready, in seconds (the forecast's horizon starts there).
        public var bootSeconds: Int
        /// Warm-pool unit to ready, in seconds; a pool is only searched when it is faster than a boot.
        public var warmStartSeconds: Int
        /// How long the fitting part is: a forecast season is searched only when the fitting part
        /// holds it twice, so its forecast is exercised and judged there.
        public var fitSeconds: Int

        public init(stepSeconds: Int, bootSeconds: Int, warmStartSeconds: Int, fitSeconds: Int) {
            self.stepSeconds = stepSeconds
            self.bootSeconds = bootSeconds
            self.warmStartSeconds = warmStartSeconds
            self.fitSeconds = fitSeconds
        }
    }

    /// One searched setting: its name in the policy file and the values it may take.
    public struct Knob: Sendable, Hashable {
        public enum Values: Sendable, Hashable {
            /// Evenly spread from the lower to the upper bound, rounded to `step`.
            case range(ClosedRange<Double>, step: Double)
            /// One of these values.
            case choices([Double])
        }

        public let id: KnobID
        public let values: Values

        /// The value for a gene in [0, 1).
        public func value(_ gene: Double) -> Double {
            let g = Swift.min(Swift.max(gene, 0), 0.999_999_999)
            switch values {
            case .range(let bounds, let step):
                let raw = bounds.lowerBound + g * (bounds.upperBound - bounds.lowerBound)
                // Dividing by the steps per unit (100 for 0.01) gives the shortest decimal
                // (0.07, not 0.07000000000000001), so a written policy says exactly what was scored.
                let perUnit = (1 / step).rounded()
                let rounded = perUnit >= 1 ? (raw * perUnit).rounded() / perUnit : (raw / step).rounded() * step
                return Swift.min(Swift.max(rounded, bounds.lowerBound), bounds.upperBound)
            case .choices(let choices):
                return choices[Swift.min(choices.count - 1, Int(g * Double(choices.count)))]
            }
        }

        /// Whether the knob can take more than one value.
        public var isSearched: Bool {
            switch values {
            case .range(let bounds, _): bounds.lowerBound < bounds.upperBound
            case .choices(let choices): choices.count > 1
            }
        }

        /// The values as a reader sees them, e.g. `0 … 0.15 by 0.01` or `{0, 1, 2, 3}`.
        public var valuesText: String {
            switch values {
            case .range(let bounds, let step):
                "\(Self.text(bounds.lowerBound)) … \(Self.text(bounds.upperBound)) by \(Self.text(step))"
            case .choices(let choices):
                "{" + choices.map(Self.text).joined(separator: ", ") + "}"
            }
        }

        public static func text(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }
    }

    /// The knobs, in genome order. Booleans are choices of 0 (off) and 1 (on); 0 also means "none"
    /// for alarms and rate limits.
    public enum KnobID: Int, Sendable, Hashable, CaseIterable {
        case targetRatio, tolerance
        case scaleOutAlarmDatapoints, scaleOutAlarmThreshold, scaleInAlarmDatapoints, scaleInAlarmThreshold
        case scaleOutStabilization, scaleInStabilization
        case scaleOutCooldown, scaleInCooldown
        case scaleOutRatePercent, scaleInRatePercent
        case instanceWarmup
        case buffer, bufferWindow, bufferDeviations
        case forecast, forecastSeasons, forecastHorizonExtra, forecastHeadroom
        case warmPool, warmPoolMinSize, warmPoolReuse, warmPoolDeviations

        /// Where the knob lands in a policy file, and what its value means.
        public var summary: String {
            switch self {
            case .targetRatio: "every metric's TargetValue, as a multiple of the baseline's"
            case .tolerance: "TargetTracking.Tolerance"
            case .scaleOutAlarmDatapoints: "ScaleOut.Alarm.Datapoints (one-minute periods; 0: no alarm, act on each reading)"
            case .scaleOutAlarmThreshold: "ScaleOut.Alarm.ThresholdRatio"
            case .scaleInAlarmDatapoints: "ScaleIn.Alarm.Datapoints (one-minute periods; 0: no alarm)"
            case .scaleInAlarmThreshold: "ScaleIn.Alarm.ThresholdRatio"
            case .scaleOutStabilization: "ScaleOut.StabilizationWindowSeconds"
            case .scaleInStabilization: "ScaleIn.StabilizationWindowSeconds"
            case .scaleOutCooldown: "ScaleOut.Cooldown (seconds)"
            case .scaleInCooldown: "ScaleIn.Cooldown (seconds)"
            case .scaleOutRatePercent: "ScaleOut.Policies: at most N % more units per 60 s (0: no limit)"
            case .scaleInRatePercent: "ScaleIn.Policies: at most N % fewer units per 60 s (0: no limit)"
            case .instanceWarmup: "TargetTracking.InstanceWarmup (seconds)"
            case .buffer: "Buffer on (1) or off (0)"
            case .bufferWindow: "Buffer.Window (seconds)"
            case .bufferDeviations: "Buffer.Deviations"
            case .forecast: "Forecast on (1) or off (0); off when no season fits twice in the fitting part"
            case .forecastSeasons: "Forecast.Seasons: 0 = [1h], 1 = [1d], 2 = [1d, 7d], 3 = [1h, 1d] (only those the fitting part holds twice)"
            case .forecastHorizonExtra: "Forecast.Horizon beyond the scenario's boot time (seconds)"
            case .forecastHeadroom: "Forecast.Headroom"
            case .warmPool: "WarmPool on (1) or off (0); only when a warm start is faster than a boot and the target may have one"
            case .warmPoolMinSize: "WarmPool.MinSize, as a fraction of MaxCapacity"
            case .warmPoolReuse: "WarmPool.ReuseOnScaleIn (0 or 1)"
            case .warmPoolDeviations: "Buffer.WarmPoolDeviations: warm units for this many more deviations (needs the buffer)"
            }
        }
    }

    /// The season sets a forecast may use, by ``KnobID/forecastSeasons`` value.
    static let seasonSets: [[Int]] = [[3600], [86_400], [86_400, 604_800], [3600, 86_400]]

    public init(baseline: CapacityPolicy, context: Context) {
        self.baseline = baseline
        let seasonChoices = Self.seasonSets.indices.filter { index in
            Self.seasonSets[index].allSatisfy { 2 * $0 <= context.fitSeconds }
        }.map(Double.init)
        let warmPoolAllowed: Bool = {
            guard context.warmStartSeconds < context.bootSeconds else { return false }
            if case .ecsService = baseline.target { return false }
            return true
        }()
        var knobs: [Knob] = []
        for id in KnobID.allCases {
            let values: Knob.Values =
                switch id {
                case .targetRatio: .range(0.6...1.3, step: 0.01)
                case .tolerance: .range(0...0.15, step: 0.01)
                case .scaleOutAlarmDatapoints: .choices([0, 1, 2, 3])
                case .scaleOutAlarmThreshold: .range(0.85...1.05, step: 0.01)
                case .scaleInAlarmDatapoints: .choices([0, 1, 2, 3, 5, 10, 15])
                case .scaleInAlarmThreshold: .range(0.7...1.0, step: 0.01)
                case .scaleOutStabilization: .choices([0, 30, 60, 120, 300])
                case .scaleInStabilization: .choices([0, 30, 60, 120, 300, 600, 900, 1800])
                case .scaleOutCooldown: .choices([0, 30, 60, 120, 300])
                case .scaleInCooldown: .choices([0, 60, 120, 300, 600, 900])
                case .scaleOutRatePercent: .choices([0, 50, 100, 200])
                case .scaleInRatePercent: .choices([0, 5, 10, 20, 50])
                case .instanceWarmup: .choices([0, 60, 300])
                case .buffer: .choices([0, 1])
                case .bufferWindow: .choices([600, 900, 1800, 2700, 3600, 7200, 14_400])
                case .bufferDeviations: .range(0...3, step: 0.05)
                case .forecast: seasonChoices.isEmpty ? .choices([0]) : .choices([0, 1])
                case .forecastSeasons: .choices(seasonChoices.isEmpty ? [0] : seasonChoices)
                case .forecastHorizonExtra: .choices([0, 300, 900, 1800])
                case .forecastHeadroom: .range(0...0.5, step: 0.01)
                case .warmPool: warmPoolAllowed ? .choices([0, 1]) : .choices([0])
                case .warmPoolMinSize: .range(0...0.2, step: 0.01)
                case .warmPoolReuse: .choices([0, 1])
                case .warmPoolDeviations: .range(0...2, step: 0.05)
                }
            knobs.append(Knob(id: id, values: values))
        }
        self.knobs = knobs
        self.context = context
    }

    public let context: Context

    /// The knob `id`.
    public subscript(id: KnobID) -> Knob { knobs[id.rawValue] }

    /// A uniformly random candidate.
    public func sample(using generator: inout SeededGenerator) -> TuningGenome {
        TuningGenome(genes: knobs.map { _ in generator.unit() })
    }

    /// A neighbour of `genome`: each searched knob moves with probability `rate` by a normal step of
    /// `scale` (genes wrap into [0, 1) by reflection, so the bounds are never left).
    public func mutate(_ genome: TuningGenome, scale: Double, rate: Double, using generator: inout SeededGenerator) -> TuningGenome {
        var genes = genome.genes
        var moved = false
        for (index, knob) in knobs.enumerated() where knob.isSearched {
            guard generator.unit() < rate else { continue }
            genes[index] = Self.reflect(genes[index] + scale * generator.gaussian())
            moved = true
        }
        if !moved, let index = knobs.indices.filter({ knobs[$0].isSearched }).randomElement(using: &generator) {
            genes[index] = Self.reflect(genes[index] + scale * generator.gaussian())
        }
        return TuningGenome(genes: genes)
    }

    /// Takes each gene from either parent.
    public func crossover(_ a: TuningGenome, _ b: TuningGenome, using generator: inout SeededGenerator) -> TuningGenome {
        TuningGenome(genes: zip(a.genes, b.genes).map { generator.unit() < 0.5 ? $0 : $1 })
    }

    static func reflect(_ gene: Double) -> Double {
        var g = gene.truncatingRemainder(dividingBy: 2)
        if g < 0 { g += 2 }
        if g >= 1 { g = 2 - g }
        return Swift.min(Swift.max(g, 0), 0.999_999_999)
    }

    /// The value of knob `id` in `genome`.
    public func value(_ id: KnobID, in genome: TuningGenome) -> Double {
        knobs[id.rawValue].value(genome.genes[id.rawValue])
    }
}

/// One candidate of a tuning run: a gene in [0, 1) per knob of ``TuningSearchSpace``.
public struct TuningGenome: Sendable, Hashable {
    public var genes: [Double]

    public init(genes: [Double]) {
        self.genes = genes
    }
}
