/// `floor` and `ceil` to an integer, exactly as `Int64(x.rounded(.down))` and
/// `Int(x.rounded(.up))`, without the library call.
///
/// Swift's default x86-64 target has no rounding instruction, so `rounded(_:)` calls libm; on
/// a decision's path (alarm periods, buffer buckets, every proposal) those calls were a visible
/// part of a step. Below 2^52 in magnitude a conversion truncates exactly and one comparison
/// turns truncation into floor or ceil; beyond it (and for NaN) the library path runs, trapping
/// where it trapped before.
enum WholeNumbers {
    @inline(__always)
    static func floor(_ x: Double) -> Int64 {
        guard abs(x) < 0x1p52 else { return Int64(x.rounded(.down)) }
        let truncated = Int64(x)
        return Double(truncated) > x ? truncated - 1 : truncated
    }

    @inline(__always)
    static func ceil(_ x: Double) -> Int {
        guard abs(x) < 0x1p52 else { return Int(x.rounded(.up)) }
        let truncated = Int(x)
        return Double(truncated) < x ? truncated + 1 : truncated
    }
}
