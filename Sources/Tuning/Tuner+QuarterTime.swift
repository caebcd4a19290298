import Simulator

/// A quarter of the fitting part on which the search's choice was under-provisioned longer than
/// the baseline: why the tuned policy keeps the baseline's settings
/// (``Tuner/quarterTimeLoss(of:)``).
public struct QuarterTimeLoss: Sendable, Hashable {
    /// The quarter, as steps of the trace (the fitting part starts at its first step).
    public let steps: Range<Int>
    /// Which quarter, from 1.
    public let ordinal: Int
    /// The chosen candidate's under-provisioned seconds on it.
    public let chosenUnderSeconds: Double
    /// The baseline's.
    public let baselineUnderSeconds: Double
}

extension Tuner {
    /// The quarter of the fitting part on which `candidate` was under-provisioned longest beyond
    /// the baseline, from one replay of the fitting part (each quarter entered with the history
    /// the policy had there, as in a run scored on it alone); `nil` when it was short no longer
    /// than the baseline on any quarter.
    ///
    /// Decides only between the search's choice and the baseline's settings: the search and the
    /// choice among candidates (``choose(from:ranking:)``) are unchanged. A policy that wins on
    /// the whole fitting part but loses time to the baseline on a quarter of it won where the
    /// traffic happened to suit it; later traffic is one more quarter. On two draws of six-hour
    /// one-second traces made after it was measured, it took the written choices worse than AWS
    /// target tracking on the later part from 7 to 1, and gave up the 4 that were better (over
    /// all five draws: worse 20 → 4, better 15 → 7). It met or lost no goal there, on 48
    /// day-long pairs or on the shipped traces, and gave up two day-long gains short of the time
    /// goal (BENCHMARKS.md, "Session 17").
    public func quarterTimeLoss(of candidate: TuningCandidate) -> QuarterTimeLoss? {
        let chosen = meter.stretchScores(meter.simulation.run(policy(for: candidate), recordTimeline: true)).map(\.underSeconds)
        var worst: QuarterTimeLoss?
        for (index, (chosenUnder, baselineUnder)) in zip(chosen, meter.baselineShortSeconds).enumerated() where chosenUnder > baselineUnder {
            if let worst, worst.chosenUnderSeconds - worst.baselineUnderSeconds >= chosenUnder - baselineUnder { continue }
            worst = QuarterTimeLoss(
                steps: meter.stretches[index], ordinal: index + 1, chosenUnderSeconds: chosenUnder, baselineUnderSeconds: baselineUnder)
        }
        return worst
    }
}
