import Foundation

/// Turns a metric's history into the simulator's trace format (SIMULATION.md, "Inputs"):
/// a `timestamp,value` header, one row per step at ISO-8601 UTC times, constant step, no
/// gaps, no negative values.
public enum TraceExport {
    /// How many gaps an error lists.
    public static let gapsListed = 5

    /// One value per row of `grid` from `points`.
    /// - Parameters:
    ///   - points: The source's values (e.g. ``MetricHistorySource/history(_:from:to:step:)``); points
    ///     outside the grid's range are ignored, a later point for the same row wins.
    ///   - fill: What to write for rows without a point; `nil` makes any such row an error.
    ///   - what: Names the metric in messages.
    /// - Throws: ``TraceExportError``: `noData` when no point falls in the range, `gaps`
    ///   (listing the first ``gapsListed``) without `fill`, `offGrid` for a point between
    ///   rows, `badValue` for a negative or non-finite value.
    public static func values(
        _ points: [(Date, Double)], on grid: TraceGrid, fill: TraceGapFill?, what: String
    ) throws(TraceExportError) -> [Double] {
        var values = [Double?](repeating: nil, count: grid.count)
        var placed = 0
        for (time, value) in points {
            guard time >= grid.start, time < grid.end else { continue }
            guard let index = grid.index(of: time) else {
                throw TraceExportError(
                    .offGrid,
                    "\(what): the source returned a value at \(UTCText.format(time)), between the \(grid.stepSeconds) s steps "
                        + "starting at \(UTCText.format(grid.start)); align --from to the step")
            }
            guard value.isFinite, value >= 0 else {
                throw TraceExportError(
                    .badValue,
                    "\(what): the value \(value) at \(UTCText.format(time)) is \(value.isFinite ? "negative" : "not a number"); "
                        + "a trace holds load, which is a non-negative number")
            }
            if values[index] == nil { placed += 1 }
            values[index] = value
        }
        guard placed > 0 else {
            throw TraceExportError(
                .noData,
                "\(what): no values at all from \(UTCText.format(grid.start)) to \(UTCText.format(grid.end)); "
                    + "check the metric, its dimensions or labels, the region and the time range")
        }
        guard placed < grid.count else { return values.map { $0! } }
        switch fill {
        case nil:
            throw gapError(values, grid: grid, what: what)
        case .zero:
            return values.map { $0 ?? 0 }
        case .previous:
            guard values[0] != nil else {
                let firstValue = values.firstIndex { $0 != nil } ?? 0
                throw TraceExportError(
                    .gaps,
                    "\(what): the first \(firstValue) step(s), from \(UTCText.format(grid.start)), have no earlier value to "
                        + "repeat; start at \(UTCText.format(grid.time(at: firstValue))) or use --fill zero")
            }
            var last = 0.0
            return values.map { value in
                if let value { last = value }
                return last
            }
        }
    }

    /// The rows with missing values as an error listing the first few gaps.
    private static func gapError(_ values: [Double?], grid: TraceGrid, what: String) -> TraceExportError {
        var gaps: [(first: Int, count: Int)] = []
        var missing = 0
        var index = 0
        while index < values.count {
            guard values[index] == nil else {
                index += 1
                continue
            }
            let first = index
            while index < values.count, values[index] == nil { index += 1 }
            gaps.append((first, index - first))
            missing += index - first
        }
        let listed = gaps.prefix(gapsListed).map { gap in
            gap.count == 1
                ? "\(UTCText.format(grid.time(at: gap.first)))"
                : "\(UTCText.format(grid.time(at: gap.first))) to \(UTCText.format(grid.time(at: gap.first + gap.count - 1))) (\(gap.count) steps)"
        }
        let more = gaps.count > gapsListed ? "; and \(gaps.count - gapsListed) more" : ""
        // Metrics arrive minutes late: a gap at the very end usually means "not published yet".
        let recent = gaps.last.map { $0.first + $0.count == values.count } == true
            ? ". The newest steps may not be published yet: end earlier (e.g. --to now-5m)"
            : ""
        return TraceExportError(
            .gaps,
            "\(what): \(missing) of \(grid.count) steps have no value, in \(gaps.count) gap(s): "
                + listed.joined(separator: "; ") + more + recent
                + ". Pass --fill zero (no datapoint means no load) or --fill previous (repeat the last value) to fill them")
    }

    /// The trace CSV: header, then `timestamp,value` rows, `\n` line ends.
    public static func csv(_ values: [Double], on grid: TraceGrid) -> String {
        var text = "timestamp,value\n"
        text.reserveCapacity(values.count * 32 + 16)
        for (index, value) in values.enumerated() {
            text += UTCText.format(grid.time(at: index))
            text += ","
            text += format(value)
            text += "\n"
        }
        return text
    }

    /// Whole numbers without a fraction (`12`), others in Swift's shortest exact form (`12.5`).
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }
}
