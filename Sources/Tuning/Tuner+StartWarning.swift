import Simulator

extension Tuner {
    /// Said before the search when the replay starts far from the demand it meets at once: the
    /// scenario sets no `initialUnits`, so every policy starts with the first step's demand, and
    /// that step is unlike the ones after it (a quiet second at the start of a one-second trace).
    /// Every candidate and the baseline then begin by catching up or scaling in, and what the
    /// baseline spends doing so sets the cost limit of the fitting part though no later stretch
    /// repeats it. `nil` when the scenario sets `initialUnits`, or the start is near the demand.
    public var startWarning: String? {
        guard scenario.initialUnits == nil, let start = fitting.demand.first else { return nil }
        let window = Self.startWindowSteps(fitting.demand.count, stepSeconds: trace.stepSeconds)
        let sorted = fitting.demand.prefix(window).sorted()
        let median = sorted[sorted.count / 2]
        let far = (2 * start < median || start > 2 * median) && abs(start - median) >= Self.startGapUnits
        guard far else { return nil }
        return "the replay starts with \(NumberText.count(start, "unit")) ready (the first step's demand; the scenario sets no initialUnits), while the demand's "
            + "median over the first \(NumberText.duration(Double(window * trace.stepSeconds))) is \(NumberText.count(median, "unit")): every policy begins by moving towards it, "
            + "and what the baseline spends doing so counts in its cost on the fitting part, the limit every candidate is held to. "
            + "If the service ran at about \(median) units when the trace begins, say so in the scenario (initialUnits: \(median))."
    }

    /// The first hour of the fitting part, or its first tenth when that is shorter, in steps.
    static func startWindowSteps(_ count: Int, stepSeconds: Int) -> Int {
        Swift.max(1, Swift.min(3600 / Swift.max(1, stepSeconds), count / 10))
    }

    /// A start this close to the median is not worth a warning, whatever the ratio: one or two
    /// units apart is the noise of a small service.
    static let startGapUnits = 3
}
