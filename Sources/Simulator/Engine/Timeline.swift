/// Every step's unit counts of one run: with the trace and the scenario, enough to recompute
/// every score (SIMULATION.md's timeline columns).
///
/// Counts are stored as 32-bit integers (a year of one-minute steps is 10 MB per policy);
/// a count beyond 2³¹ − 1 units is stored as that maximum.
public struct Timeline: Sendable, Hashable {
    /// D[t], the policy's desired count.
    public private(set) var desired: [Int32] = []
    /// S[t], ready units at scoring time (after arrivals).
    public private(set) var ready: [Int32] = []
    public private(set) var booting: [Int32] = []
    public private(set) var warm: [Int32] = []
    public private(set) var preparing: [Int32] = []

    init(capacity: Int) {
        desired.reserveCapacity(capacity)
        ready.reserveCapacity(capacity)
        booting.reserveCapacity(capacity)
        warm.reserveCapacity(capacity)
        preparing.reserveCapacity(capacity)
    }

    public var count: Int { desired.count }

    mutating func recordState(ready: Int, booting: Int, warm: Int, preparing: Int) {
        self.ready.append(Int32(clamping: ready))
        self.booting.append(Int32(clamping: booting))
        self.warm.append(Int32(clamping: warm))
        self.preparing.append(Int32(clamping: preparing))
    }

    mutating func recordDesired(_ desired: Int) {
        self.desired.append(Int32(clamping: desired))
    }
}
