import CapacityCore
import Controller
import Foundation
import Logging
import MetricSources
import PolicyFiles
import ServiceLifecycle
import UnixSignals

/// The daemon's parts, assembled from a configuration: what `run` serves and `plan` reads once.
struct Daemon {
    let configuration: DaemonConfiguration
    let reconciler: Reconciler
    let policies: PolicyStore
    let status: ControllerStatus
    let metrics: ControllerMetrics
    let election: LeaderElection?
    let connections: AWSTargetConnections
    let logger: Logger

    /// Loads the policies (any problem stops start-up) and connects to AWS and metric sources.
    static func start(
        configuration: DaemonConfiguration, holder: String, environment: [String: String], logger: Logger,
        readOnly: Bool = false
    ) async throws -> Daemon {
        let policies = PolicyStore(paths: configuration.policies)
        let problems = await policies.load()
        guard problems.isEmpty else {
            throw DaemonStartError(problems.joined(separator: "\n"))
        }
        let metrics = ControllerMetrics()
        let parts = try await DaemonParts.make(configuration: configuration, environment: environment, metrics: metrics, logger: logger)
        let status = ControllerStatus()
        await status.configurationLoaded(true)
        let journal = DecisionJournal(url: configuration.journalPath.map { URL(fileURLWithPath: $0) })
        let store: any DecisionStateStore = readOnly ? InMemoryStateStore() : parts.stateStore
        let reconciler = Reconciler(
            policies: await policies.current, connections: parts.connections, store: store,
            journal: journal, recorder: metrics, history: parts.history, logger: logger)

        var election: LeaderElection?
        if let leaseStore = parts.leaseStore, !readOnly {
            election = LeaderElection(
                configuration: .init(holder: holder, leaseDuration: .seconds(configuration.leaseDurationSeconds)),
                store: leaseStore, logger: logger)
        } else if !readOnly {
            logger.warning("no lease table configured: running as the only replica; start at most one")
        }
        if !readOnly {
            let valid = await parts.checkCredentials()
            await status.credentials(valid: valid)
            if !valid { logger.error("AWS credentials are not valid: STS GetCallerIdentity failed (run `headroom doctor`)") }
        }
        return Daemon(
            configuration: configuration, reconciler: reconciler, policies: policies, status: status,
            metrics: metrics, election: election, connections: parts.connections, logger: logger)
    }

    /// One reconcile now: `run --once` (acquiring the lease first when there is one) and `plan`.
    ///
    /// - Throws: ``CommandFailure`` when the lease cannot be read or written: that is a fault
    ///   to fix, not another replica holding it.
    func reconcileOnce(actuate: Bool) async throws -> ReconcileReport {
        var leads = true
        if actuate, let election {
            leads = await election.tryAcquire()
            if let failure = await election.leaseFailure {
                throw CommandFailure("nothing written: the lease cannot be read or written: \(failure)")
            }
            if !leads { logger.warning("another replica holds the lease: nothing written") }
        }
        let report = await reconciler.reconcile(at: Date(), actuate: actuate && leads)
        if actuate, let election { await election.release() }
        return report
    }

    /// Runs until SIGTERM or SIGINT: the loop, the lease, the HTTP endpoints and SIGHUP reloads.
    func serve(dryRun: Bool) async throws {
        guard let (host, port) = DaemonConfiguration.parseListen(configuration.listen) else { return }
        let loop = ControllerService(
            reconciler: reconciler, election: election, status: status, metrics: metrics,
            options: .init(interval: .seconds(configuration.intervalSeconds), dryRun: dryRun), logger: logger)
        let http = HealthServer.application(host: host, port: port, metrics: metrics, status: status, logger: logger)
        let reload = PolicyReloadService(policies: policies, reconciler: reconciler, logger: logger)
        // A tick reads what the API budget allows in one interval, the rest in later ticks.
        await connections.serveInTurn(true)
        // Forecast history is read beside the loop, so the first tick does not wait for it.
        await reconciler.seedHistoryInBackground()
        let history = ForecastHistoryService(
            reconciler: reconciler, election: election, interval: .seconds(configuration.intervalSeconds))
        var services: [any Service] = [loop, http, reload, history]
        if let election { services.append(election) }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let targets = await reconciler.currentPolicies.count
        logger.notice("headroom started", metadata: [
            "targets": "\(targets)", "listen": "\(configuration.listen)",
            "interval": "\(configuration.intervalSeconds)s", "dryRun": "\(dryRun)",
        ])
        try await group.run()
        logger.notice("headroom stopped")
    }
}

struct DaemonStartError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The policy files, reloadable: a broken file keeps its last good version.
actor PolicyStore {
    private let paths: [String]
    private var loaded = PolicySet()

    init(paths: [String]) { self.paths = paths }

    /// Loads or reloads; returns the problems found, one line each.
    func load() -> [String] { loaded.load(paths, reference: Date()) }

    var current: [CapacityPolicy] { loaded.policies }
}

/// Reloads the policy files on SIGHUP.
struct PolicyReloadService: Service {
    let policies: PolicyStore
    let reconciler: Reconciler
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            let problems = await policies.load()
            for problem in problems { logger.error("policy reload: \(problem)") }
            let current = await policies.current
            await reconciler.update(policies: current)
            logger.notice("policies reloaded", metadata: ["targets": "\(current.count)", "problems": "\(problems.count)"])
        }
    }
}
