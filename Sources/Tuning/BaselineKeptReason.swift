/// Why a search's result is the baseline's own settings rather than the candidate it chose
/// (``Tuner/search(progress:)``). One value, so the outputs cannot disagree about the reason.
public enum BaselineKeptReason: Sendable, Hashable {
    /// No candidate beat the baseline on the part searched, within the constraints (the
    /// baseline meets them by definition).
    case noBetterCandidate
    /// The best candidate beat the baseline, but each quarter of the part searched is shorter
    /// than the baseline's slowest reaction (``Tuner/keepsBaselineOnShortFit``).
    case shortFit
    /// The best candidate beat the baseline on the whole part searched, but was
    /// under-provisioned longer than it on this quarter (``Tuner/quarterTimeLoss(of:)``).
    case quarterLoss(QuarterTimeLoss)
}
