import Foundation
import Logging
import ServiceLifecycle

/// Keeps (or waits for) the lease, and answers whether this replica may write now.
///
/// The holder renews every third of the lease duration. It counts its leadership from the
/// moment it *sent* the winning request, minus a safety margin, on its own monotonic clock:
/// a replica that cannot renew stops writing before its lease can expire for anyone else.
///
/// A lease that cannot be read or written (a missing table, a wrong key, denied access, AWS
/// unreachable) is a fault, not a lost election: ``leaseFailure`` says what went wrong until
/// an attempt gets an answer again, so nobody mistakes this replica for a healthy standby.
public actor LeaderElection: Service {
    public struct Configuration: Sendable {
        public var holder: String
        public var leaseDuration: Duration
        public var renewInterval: Duration
        /// Leadership ends this long before the lease would expire.
        public var safetyMargin: Duration

        public init(holder: String, leaseDuration: Duration = .seconds(30), renewInterval: Duration? = nil, safetyMargin: Duration? = nil) {
            self.holder = holder
            self.leaseDuration = leaseDuration
            self.renewInterval = renewInterval ?? leaseDuration / 3
            self.safetyMargin = safetyMargin ?? leaseDuration / 6
        }
    }

    private let configuration: Configuration
    private let store: any LeaseStore
    private let wallClock: @Sendable () -> Date
    private let clock = ContinuousClock()
    private var leaderUntil: ContinuousClock.Instant?
    private let logger: Logger
    private let onChange: (@Sendable (Bool) -> Void)?
    /// The acquire-or-renew request in flight, if any.
    private var attempt: Task<Bool, Never>?
    /// Why the last attempt got no answer from the lease store; `nil` after an answer (won or lost).
    public private(set) var leaseFailure: String?

    public init(
        configuration: Configuration,
        store: any LeaseStore,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "headroom.leader"),
        onChange: (@Sendable (Bool) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.store = store
        self.wallClock = wallClock
        self.logger = logger
        self.onChange = onChange
    }

    /// Whether this replica holds the lease for at least `budget` more.
    public func isLeader(for budget: Duration = .zero) -> Bool {
        guard let leaderUntil else { return false }
        return clock.now.advanced(by: budget) < leaderUntil
    }

    /// One acquire-or-renew attempt. A call while another attempt is in flight waits for
    /// that attempt's answer instead of sending a second request.
    @discardableResult
    public func tryAcquire() async -> Bool {
        if let attempt { return await attempt.value }
        let next = Task { await self.attemptOnce() }
        attempt = next
        let won = await next.value
        attempt = nil
        return won
    }

    private func attemptOnce() async -> Bool {
        let sent = clock.now
        let now = wallClock()
        let wasLeader = isLeader()
        let won: Bool
        do {
            won = try await store.acquire(
                holder: configuration.holder, now: now,
                expiresAt: now.addingTimeInterval(configuration.leaseDuration.seconds))
            leaseFailure = nil
        } catch {
            logger.error("the lease cannot be read or written: this replica neither leads nor stands by", metadata: ["error": "\(error)"])
            leaseFailure = "\(error)"
            won = false
        }
        if won {
            leaderUntil = sent.advanced(by: configuration.leaseDuration - configuration.safetyMargin)
        } else if let until = leaderUntil, clock.now >= until {
            leaderUntil = nil
        }
        let isLeaderNow = isLeader()
        if isLeaderNow != wasLeader {
            logger.notice(isLeaderNow ? "became leader" : "lost leadership", metadata: ["holder": "\(configuration.holder)"])
            onChange?(isLeaderNow)
        }
        return isLeaderNow
    }

    /// Gives the lease up, for a clean shutdown.
    public func release() async {
        // An attempt still in flight must not make this replica a leader after it let go.
        if let attempt { _ = await attempt.value }
        leaderUntil = nil
        do {
            try await store.release(holder: configuration.holder)
            logger.notice("released the lease", metadata: ["holder": "\(configuration.holder)"])
        } catch {
            logger.warning("could not release the lease", metadata: ["error": "\(error)"])
        }
        onChange?(false)
    }

    /// Acquires and renews until graceful shutdown, then releases.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await tryAcquire()
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: self.configuration.renewInterval)
            }
        }
        await release()
    }
}

extension Duration {
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
