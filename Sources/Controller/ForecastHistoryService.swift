import Foundation
import ServiceLifecycle

/// Reads forecast history beside the reconcile loop, as a ``Service``: at start, after a
/// reload that adds targets or changes a `Forecast`, again after a failed read (after a minute,
/// then pauses doubling to an hour), and never on a standby replica (which spends no AWS
/// calls). Ticks meanwhile decide reactively and keep recording live load, which is carried
/// onto the history when it arrives.
public struct ForecastHistoryService: Service {
    private let reconciler: Reconciler
    private let election: LeaderElection?
    private let interval: Duration
    private let wallClock: @Sendable () -> Date

    /// - Parameters:
    ///   - interval: How often to look for targets that need history (the tick interval).
    ///   - election: `nil` runs as the only replica.
    public init(
        reconciler: Reconciler, election: LeaderElection?, interval: Duration,
        wallClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.reconciler = reconciler
        self.election = election
        self.interval = interval
        self.wallClock = wallClock
    }

    /// Also switches the reconciler's ticks off reading history; call
    /// ``Reconciler/seedHistoryInBackground()`` before starting the loop too, or its first tick
    /// may still read it.
    public func run() async throws {
        await reconciler.seedHistoryInBackground()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let leads = await election?.isLeader(for: .zero) ?? true
            if leads {
                // Cancelled on shutdown: a read in flight does not hold the daemon up.
                await cancelWhenGracefulShutdown {
                    await reconciler.seedPendingHistory(at: wallClock())
                }
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: interval)
            }
        }
    }
}
