import Simulator

/// How much of a trace's end is kept for validation.
public enum ValidationSpan: Sendable, Hashable, CustomStringConvertible {
    /// This fraction of the steps, 0 < f < 1.
    case fraction(Double)
    /// This many seconds.
    case seconds(Int)

    public var description: String {
        switch self {
        case .fraction(let fraction): "the last \(fraction == 1.0 / 3 ? "third" : String(fraction))"
        case .seconds(let seconds): "the last \(seconds) s"
        }
    }
}

/// A trace cut by time: the search fits on the first part and never reads the second, on which
/// the chosen policy and the baseline are then scored.
public struct TuningSplit: Sendable, Hashable {
    /// The steps the search sees.
    public let fitSteps: Range<Int>
    /// The later steps it never sees.
    public let validationSteps: Range<Int>

    /// Fewest steps a trace may have: below this one split's scores are mostly noise.
    public static let minimumSteps = 500
    /// Fewest steps each part may have.
    public static let minimumPartSteps = 150

    /// - Throws: ``TuningError`` when the trace is too short to split or the span leaves a part too small.
    public init(stepCount: Int, stepSeconds: Int, validateLast span: ValidationSpan) throws(TuningError) {
        guard stepCount >= Self.minimumSteps else {
            throw .traceTooShort(
                "it has \(stepCount) steps; tuning needs at least \(Self.minimumSteps) (two days of one-minute steps or more is better: daily seasons are only searched when the fitting part holds two days)")
        }
        let validation: Int
        switch span {
        case .fraction(let fraction):
            guard fraction > 0, fraction < 1 else { throw .invalidSplit("a fraction must lie strictly between 0 and 1 (found \(fraction))") }
            validation = Int((Double(stepCount) * fraction).rounded())
        case .seconds(let seconds):
            guard seconds > 0 else { throw .invalidSplit("a duration must be positive") }
            validation = (seconds + stepSeconds - 1) / stepSeconds
        }
        let fit = stepCount - validation
        guard fit >= Self.minimumPartSteps, validation >= Self.minimumPartSteps else {
            throw .invalidSplit(
                "\(span) of \(stepCount) steps leaves \(fit) to fit on and \(validation) to validate on; each part needs at least \(Self.minimumPartSteps)")
        }
        fitSteps = 0..<fit
        validationSteps = fit..<stepCount
    }

    /// The whole trace to fit on and nothing left to validate on: the refit that follows a
    /// validated search (`tune --refit`), whose evidence is that earlier search's validation.
    init(refittingAll stepCount: Int) {
        fitSteps = 0..<stepCount
        validationSteps = stepCount..<stepCount
    }

    /// The fitting part of `trace` as a trace of its own: all the search is given.
    public func fittingTrace(of trace: Trace) -> Trace {
        Trace(
            name: trace.name, timestampFormat: trace.timestampFormat, startSeconds: trace.startSeconds,
            stepSeconds: trace.stepSeconds, values: Array(trace.values[fitSteps]))
    }
}
