import CapacityCore
import Simulator

extension Tuner {
    /// The baseline's slowest reaction: a scale-in (its alarm or stabilization window, then its
    /// cooldown) or a boot, whichever takes longer, in seconds.
    public var slowestReactionSeconds: Int {
        var scaleIn = 0
        if case .targetTracking(let tracking) = baseline.strategy {
            let alarm = tracking.scaleIn.alarm.map { $0.datapoints * $0.periodSeconds } ?? 0
            scaleIn = Swift.max(alarm, tracking.scaleIn.stabilizationWindowSeconds) + tracking.scaleIn.cooldownSeconds
        }
        return Swift.max(scaleIn, Int(scenario.bootSeconds.rounded(.up)))
    }

    /// The shortest quarter of the fitting part, in seconds: the stretches the cost margin and
    /// the choice are measured on.
    public var quarterSeconds: Int {
        (meter.stretches.map(\.count).min() ?? 0) * trace.stepSeconds
    }

    /// Whether the tuned policy keeps the baseline's settings whatever the search finds: each
    /// quarter of the fitting part is shorter than the baseline's slowest reaction, and the user
    /// did not pass `--allow-short-fit`.
    ///
    /// A quarter then holds less than one scale-in or boot, so a candidate's cost against the
    /// baseline's there depends on where the quarter cuts, and the cost margin cannot be
    /// measured. On 72 pairs of one-hour, one-second traces made up for the question
    /// (`scripts/synthetic-traces.py --hours 1`, six draws), the search's choice met issue 14's
    /// goals on the later part on 1, and where it changed the baseline's settings it was short
    /// longer than AWS target tracking or dearer on 22 of 25 (BENCHMARKS.md, "Session 16").
    public var keepsBaselineOnShortFit: Bool {
        !objective.constraints.allowsShortFit && hasShortQuarters
    }

    /// Whether each quarter of the fitting part is shorter than the baseline's slowest reaction:
    /// the one condition behind the warning and the rule.
    var hasShortQuarters: Bool { quarterSeconds < slowestReactionSeconds }

    /// Said before the search when each quarter of the fitting part is shorter than the
    /// baseline's slowest reaction (``keepsBaselineOnShortFit``), with what follows from it.
    /// `nil` when the quarters are long enough.
    public var shortStretchWarning: String? {
        guard hasShortQuarters else { return nil }
        let quarter = quarterSeconds, slowest = slowestReactionSeconds
        let consequence =
            objective.constraints.allowsShortFit
            ? "the validation scores may be far from the fitting part's (--allow-short-fit: the search's choice is written anyway)"
            : "so the tuned policy keeps the baseline's settings (--allow-short-fit writes the search's choice anyway)"
        return "each quarter of the fitting part is \(NumberText.duration(Double(quarter))), shorter than the baseline's slowest reaction "
            + "(\(NumberText.duration(Double(slowest))): a scale-in's alarm and cooldown, or a boot): too short to measure what a policy "
            + "costs against the baseline, or to tell a gain that carries over to later traffic from one that does not; \(consequence). "
            + "A trace whose fitting part holds at least \(NumberText.duration(Double(Self.checkedParts * slowest))) can be tuned."
    }

    /// Said before the search when the fitting part holds less than two days: the least a trace
    /// should hold for tuning, since a daily cycle must be seen twice to be fitted (no daily
    /// forecast season is searched on less) and a fit to one day is a fit to that day. `tune`
    /// still runs on it: a short trace is what a new service has. `nil` from two days on.
    public var shortFittingWarning: String? {
        let seconds = split.fitSteps.count * trace.stepSeconds
        guard seconds < Self.fittingSecondsWanted else { return nil }
        return "the fitting part holds \(NumberText.duration(Double(seconds))), less than two days: the search cannot see a daily cycle "
            + "twice (no daily forecast is searched), and what it fits may hold for this stretch of traffic only. "
            + "Two weeks of history or more fits better."
    }

    /// The warnings about the trace that hold before the search, in the order every output
    /// gives them (stderr, the file header, the report); the JSON names each.
    public var traceWarnings: [String] {
        [capacityWarning, shortFittingWarning, shortStretchWarning, startWarning].compactMap { $0 }
    }

    /// Two days.
    static let fittingSecondsWanted = 2 * 86_400
}
