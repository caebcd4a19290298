/// Units on their way somewhere (booting toward ready, or being prepared for the warm pool),
/// counted by the step they arrive.
///
/// A ring of counts indexed by arrival step: adding, arriving and counting are O(1), and
/// removing the units that would arrive last (SIMULATION.md, "Actuate") scans only the pending
/// steps. Units that would arrive at or after the trace's end never do, so they are only counted.
struct ArrivalQueue {
    /// A power of two longer than the longest delay, so a step's slot is a mask, not a division.
    private var counts: [Int]
    private let slotMask: Int
    /// Units in the queue, including those that never arrive.
    private(set) var total = 0
    /// Units whose arrival step is at or after ``endStep``: they are the latest of all.
    private var beyondEnd = 0
    /// An upper bound on the latest arrival step with units, below ``endStep``.
    private var latest = -1
    private let endStep: Int

    /// - Parameters:
    ///   - maxDelay: the longest time in steps between adding a unit and its arrival (≥ 1).
    ///   - endStep: the first step after the trace.
    init(maxDelay: Int, endStep: Int) {
        self.endStep = endStep
        let slots = Swift.min(maxDelay, endStep) + 1
        counts = Array(repeating: 0, count: slots.nextPowerOfTwo)
        slotMask = counts.count - 1
    }

    /// Adds `count` units that arrive at `step`; `step` is after the current one and within `maxDelay` of it.
    @inline(__always)
    mutating func add(_ count: Int, arrivingAt step: Int) {
        guard count > 0 else { return }
        total += count
        if step >= endStep {
            beyondEnd += count
            return
        }
        counts[step & slotMask] += count
        if step > latest { latest = step }
    }

    /// Takes the units arriving at `step` out of the queue.
    @inline(__always)
    mutating func arrivals(at step: Int) -> Int {
        guard total > beyondEnd else { return 0 }
        let index = step & slotMask
        let arrived = counts[index]
        counts[index] = 0
        total -= arrived
        return arrived
    }

    /// Removes up to `count` units, those arriving latest first, at step `now` (arrivals of `now`
    /// already taken). Returns how many were removed.
    mutating func removeLatest(_ count: Int, now: Int) -> Int {
        var left = Swift.min(count, total)
        let removed = left
        let fromBeyond = Swift.min(left, beyondEnd)
        beyondEnd -= fromBeyond
        left -= fromBeyond
        var step = latest
        while left > 0, step > now {
            let index = step & slotMask
            let taken = Swift.min(left, counts[index])
            counts[index] -= taken
            left -= taken
            if left > 0 { step -= 1 }
        }
        latest = step
        total -= removed
        return removed
    }
}

extension Int {
    /// The least power of two at least `self` (1 for `self` ≤ 1): the size of a ring indexed by mask.
    var nextPowerOfTwo: Int {
        self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount)
    }
}
