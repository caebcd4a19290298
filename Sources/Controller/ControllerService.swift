import Foundation
import Logging
import ServiceLifecycle

/// The reconcile loop as a ``Service``: a tick every interval until graceful shutdown.
///
/// Shutdown lets the current tick finish (a tick is never cancelled halfway through its
/// writes), then returns; the ``LeaderElection`` service releases the lease.
public struct ControllerService: Service {
    public struct Options: Sendable {
        public var interval: Duration
        /// Decide and report, never write.
        public var dryRun: Bool

        public init(interval: Duration = .seconds(15), dryRun: Bool = false) {
            self.interval = interval
            self.dryRun = dryRun
        }
    }

    private let reconciler: Reconciler
    private let election: LeaderElection?
    private let status: ControllerStatus
    private let metrics: ControllerMetrics?
    private let options: Options
    private let wallClock: @Sendable () -> Date
    private let logger: Logger

    /// - Parameter election: `nil` runs as the only replica, always allowed to write.
    public init(
        reconciler: Reconciler,
        election: LeaderElection?,
        status: ControllerStatus,
        metrics: ControllerMetrics?,
        options: Options,
        wallClock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "headroom.controller")
    ) {
        self.reconciler = reconciler
        self.election = election
        self.status = status
        self.metrics = metrics
        self.options = options
        self.wallClock = wallClock
        self.logger = logger
    }

    public func run() async throws {
        // Ask for the lease before the first tick: otherwise a replica that is about to lead
        // sits out its first interval as a standby (the election runs alongside this loop).
        if let election { await election.tryAcquire() }
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let started = ContinuousClock.now
            _ = await tick()
            HeapMemory.returnFreePages()
            // Ticks start an interval apart, so reads paced by the API budget over most of
            // an interval do not stretch the period; a tick always leaves a tenth of one.
            let pause = max(options.interval - (ContinuousClock.now - started), options.interval / 10)
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: pause)
            }
        }
        logger.info("reconcile loop stopped")
    }

    /// One reconcile; writes only when this replica leads (or runs alone) and not in a dry run.
    public func tick() async -> ReconcileReport {
        let start = ContinuousClock.now
        let leads: Bool
        // Writes must finish well inside the lease: demand a margin of one interval, at the
        // start of the tick and again before each write (the reads may have been slow).
        let margin = min(options.interval, .seconds(5))
        if let election {
            leads = await election.isLeader(for: margin)
            let failure = await election.leaseFailure
            await status.role(leads ? .leader : failure == nil ? .standby : .leaseUnavailable)
            await status.lease(failure: failure)
            metrics?.leaseFailing(failure != nil)
        } else {
            leads = true
            await status.role(.single)
            metrics?.leaseFailing(false)
        }
        metrics?.leader(leads)
        let now = wallClock()
        // A standby reads nothing: only the leader spends AWS calls, unless this is a dry run.
        guard leads || options.dryRun else { return ReconcileReport(outcomes: []) }
        let election = self.election
        let report = await reconciler.reconcile(at: now, actuate: leads && !options.dryRun) {
            guard let election else { return true }
            return await election.isLeader(for: margin)
        }
        metrics?.reconciled(duration: ContinuousClock.now - start, at: now, targets: report.outcomes.count, failed: report.failures.count)
        await status.reconciled(at: now, failures: report.failures.count, undecided: report.deferredTargets)
        logger.debug("reconciled", metadata: [
            "decided": "\(report.outcomes.count)", "undecided": "\(report.deferredTargets)", "failed": "\(report.failures.count)",
            "reads": "\(report.phases.reads)", "describes": "\(report.phases.describes)", "decisions": "\(report.phases.decisions)",
        ])
        return report
    }
}
