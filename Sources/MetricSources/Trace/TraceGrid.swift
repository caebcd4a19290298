import Foundation

/// The rows of a trace: `count` steps of `stepSeconds` from `start`, each row at the start of
/// its step. Only steps that end by the range's end are included, so `[from, to)` at 60 s
/// from midnight to midnight is 1,440 rows.
public struct TraceGrid: Sendable, Hashable {
    /// The most rows one export writes (about 11 years of one-minute steps).
    public static let maxRows = 6_000_000

    /// The time of the first row, in whole seconds.
    public let start: Date
    /// The step length in seconds.
    public let stepSeconds: Int
    /// The number of rows.
    public let count: Int

    /// The grid of whole steps in `[from, to)`.
    /// - Throws: ``TraceExportError`` (`invalidArgument`) when `from` has a fraction of a
    ///   second, the step is not positive, the range holds no whole step, or it holds more
    ///   than ``maxRows`` steps.
    public init(from: Date, to: Date, stepSeconds: Int) throws(TraceExportError) {
        guard stepSeconds > 0 else {
            throw TraceExportError(.invalidArgument, "the step must be at least one second")
        }
        let fromSeconds = from.timeIntervalSince1970
        guard fromSeconds == fromSeconds.rounded() else {
            throw TraceExportError(.invalidArgument, "the start \(UTCText.format(from)) has a fraction of a second")
        }
        let span = to.timeIntervalSince1970 - fromSeconds
        guard span >= Double(stepSeconds) else {
            throw TraceExportError(
                .invalidArgument,
                "the range from \(UTCText.format(from)) to \(UTCText.format(to)) holds no whole step of \(stepSeconds) s")
        }
        let steps = (span / Double(stepSeconds)).rounded(.down)
        guard steps <= Double(Self.maxRows) else {
            throw TraceExportError(
                .invalidArgument,
                "the range holds \(Int64(steps)) steps of \(stepSeconds) s; at most \(Self.maxRows) rows: use a longer step or a shorter range")
        }
        self.start = from
        self.stepSeconds = stepSeconds
        self.count = Int(steps)
    }

    /// The time of row `index`.
    public func time(at index: Int) -> Date {
        start.addingTimeInterval(Double(index) * Double(stepSeconds))
    }

    /// The end of the last step.
    public var end: Date { time(at: count) }

    /// The row whose time is `date`, or `nil` when `date` is not on the grid (1 ms tolerance)
    /// or outside it.
    public func index(of date: Date) -> Int? {
        let offset = (date.timeIntervalSince1970 - start.timeIntervalSince1970) / Double(stepSeconds)
        let nearest = offset.rounded()
        guard abs(offset - nearest) * Double(stepSeconds) < 0.001, nearest >= 0, nearest < Double(count) else { return nil }
        return Int(nearest)
    }
}
