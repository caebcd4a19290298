import AWSClient
import CapacityCore
import Controller
import Foundation
import Logging
import MetricSources
import PolicyFiles
import Synchronization

/// The daemon's AWS connections, one per placement (role and region): each with its own
/// credentials (the daemon's, or a role assumed through STS and refreshed before it expires),
/// its region's endpoints, and calls paced by the shared ``APIBudget``.
///
/// Connections are made on first use, so a role that cannot be assumed fails only the
/// targets behind it (and is tried again next tick).
actor AWSTargetConnections: TargetConnections {
    private let aws: AWSConfiguration
    private let configuration: DaemonConfiguration
    private let budget: APIBudget?
    private let recorder: ControllerMetrics
    private let logger: Logger
    private let defaultRegion: String?
    private let knownAccount = Mutex<String>("")
    private var servesInTurn = false
    private var cache: [TargetPlacement: (backend: AWSCapacityBackend, metrics: MetricRouter)] = [:]

    /// The budget's account key for the daemon's own credentials, whose account may be unknown.
    static let ownAccount = "default"

    init(aws: AWSConfiguration, configuration: DaemonConfiguration, budget: APIBudget?, recorder: ControllerMetrics, logger: Logger) {
        self.aws = aws
        self.configuration = configuration
        self.budget = budget
        self.recorder = recorder
        self.logger = logger
        self.defaultRegion = aws.region?.name
    }

    /// The daemon's own account, once GetCallerIdentity has told it (for labels).
    nonisolated func ownAccount(_ account: String) {
        knownAccount.withLock { $0 = account }
    }

    /// Whether ticks describe targets in turn when the budget cannot cover them all, deciding
    /// the others on their last described counts (the daemon's loop), or read every target,
    /// waiting for tokens as long as it takes (`plan`, `run --once`).
    func serveInTurn(_ enabled: Bool) {
        servesInTurn = enabled
    }

    nonisolated func placement(of policy: CapacityPolicy) -> TargetPlacement {
        var placement = TargetPlacement(policy: policy)
        if placement.region == defaultRegion { placement.region = nil }
        return placement
    }

    nonisolated func labels(for placement: TargetPlacement) -> PlacementLabels {
        PlacementLabels(
            region: placement.region ?? defaultRegion ?? "",
            account: placement.account ?? knownAccount.withLock { $0 })
    }

    func backend(for placement: TargetPlacement) throws(TargetError) -> any CapacityBackend {
        try connection(for: placement).backend
    }

    func metrics(for placement: TargetPlacement) throws(TargetError) -> any MetricSource {
        try connection(for: placement).metrics
    }

    /// The placement's own CloudWatch (and Prometheus): a target's past is where the target is.
    func history(for placement: TargetPlacement) throws(TargetError) -> (any MetricHistorySource)? {
        try connection(for: placement).metrics
    }

    func readCapacity(for placement: TargetPlacement) async -> ReadCapacity? {
        guard servesInTurn, let budget else { return nil }
        let account = placement.account ?? Self.ownAccount
        let region = placement.region ?? defaultRegion ?? ""
        let interval = Double(configuration.intervalSeconds)
        var calls: [APIBudget.Family: Double] = [:]
        for family in [APIBudget.Family.ecsServiceRead, .applicationAutoScalingRead, .autoScalingRead, .cloudWatchGetMetricData] {
            // A tenth of the interval is kept for writes' neighbours and retries.
            calls[family] = await budget.available(.init(account: account, region: region, family: family), over: interval * 0.9)
        }
        let labels = labels(for: placement)
        for (key, usage) in await budget.usage() where key.account == account && key.region == region {
            recorder.apiRate(family: key.family.rawValue, region: labels.region, account: labels.account, rate: usage.rate, throttles: usage.throttles)
        }
        return ReadCapacity(calls: calls, seconds: interval * 0.9)
    }

    private func connection(for placement: TargetPlacement) throws(TargetError) -> (backend: AWSCapacityBackend, metrics: MetricRouter) {
        if let made = cache[placement] { return made }
        do {
            var placed = aws
            if let budget {
                placed = placed.sending(through: BudgetedTransport(aws.transport, budget: budget, account: placement.account ?? Self.ownAccount))
            }
            if let role = placement.roleARN {
                placed = try placed.assumingRole(role, externalID: placement.externalID)
            }
            let region = try placement.region.map { name throws(TargetError) in
                guard let region = Region(name) else { throw TargetError.invalid("Region '\(name)' is not a region name") }
                return region
            }
            let made = (
                backend: try AWSCapacityBackend(configuration: placed, region: region),
                metrics: try MetricSourceAssembly.router(configuration: configuration, aws: placed, region: region, logger: logger))
            cache[placement] = made
            if placement != .daemon {
                logger.notice("connected a placement", metadata: [
                    "region": "\(placement.region ?? defaultRegion ?? "-")", "role": "\(placement.roleARN ?? "-")",
                ])
            }
            return made
        } catch let error as TargetError {
            throw error
        } catch {
            throw TargetError.unavailable("cannot reach \(placement): \(error)")
        }
    }
}
