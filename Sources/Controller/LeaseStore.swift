import Foundation

/// A lease that at most one replica holds at a time; only the holder writes to AWS.
public protocol LeaseStore: Sendable {
    /// Takes the lease for `holder` until `expiresAt` when it is free, expired at `now`, or
    /// already held by `holder` (a renewal). `false` when another holder has it.
    func acquire(holder: String, now: Date, expiresAt: Date) async throws -> Bool
    /// Gives the lease up if `holder` has it.
    func release(holder: String) async throws
}

/// A lease in process memory, for tests and for replicas sharing one process.
public actor InMemoryLeaseStore: LeaseStore {
    private var holder: String?
    private var expiresAt: Date = .distantPast
    /// Every holder that ever took or renewed the lease, in order (for tests).
    public private(set) var history: [String] = []

    public init() {}

    public func acquire(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        guard self.holder == nil || self.holder == holder || self.expiresAt <= now else { return false }
        self.holder = holder
        self.expiresAt = expiresAt
        if history.last != holder { history.append(holder) }
        return true
    }

    public func release(holder: String) async throws {
        if self.holder == holder {
            self.holder = nil
            expiresAt = .distantPast
        }
    }

    public var currentHolder: String? { holder }
}
