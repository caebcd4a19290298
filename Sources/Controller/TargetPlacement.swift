import CapacityCore
import MetricSources

/// Where a target lives and how it is reached: its region, and the role assumed to reach it
/// (in another account, say). Two policies for `ecs:prod/api` in two regions are two targets.
public struct TargetPlacement: Sendable, Hashable, CustomStringConvertible {
    /// The region; `nil` is the daemon's own.
    public var region: String?
    /// The role assumed through STS; `nil` uses the daemon's credentials.
    public var roleARN: String?
    /// The external ID sent with AssumeRole.
    public var externalID: String?

    public init(region: String? = nil, roleARN: String? = nil, externalID: String? = nil) {
        self.region = region
        self.roleARN = roleARN
        self.externalID = externalID
    }

    /// The placement a policy names.
    public init(policy: CapacityPolicy) {
        self.init(region: policy.region, roleARN: policy.roleARN, externalID: policy.externalID)
    }

    /// The daemon's own region and credentials.
    public static let daemon = TargetPlacement()

    /// The account of the role, from its ARN (`arn:aws:iam::ACCOUNT:role/NAME`).
    public var account: String? {
        guard let roleARN else { return nil }
        let parts = roleARN.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 5 && !parts[4].isEmpty ? String(parts[4]) : nil
    }

    /// A target's identity, the key of its decision memory: the bare target in the daemon's
    /// own region and account (so memory kept before placements existed still applies), else
    /// the target followed by `@ACCOUNT/REGION` (or `@REGION` without a role).
    public func identity(of target: TargetReference) -> String {
        guard self != .daemon else { return target.description }
        return "\(target)@\(description)"
    }

    /// `policies` grouped by their placement, the placements in the order they first appear.
    public static func grouped(
        _ policies: [CapacityPolicy], by placement: (CapacityPolicy) -> TargetPlacement
    ) -> [(TargetPlacement, [CapacityPolicy])] {
        var order: [TargetPlacement] = []
        var groups: [TargetPlacement: [CapacityPolicy]] = [:]
        for policy in policies {
            let key = placement(policy)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(policy)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    /// `REGION`, `ACCOUNT/REGION` or `ACCOUNT/-` (`-` is the daemon's region).
    public var description: String {
        let where_ = region ?? "-"
        return account.map { "\($0)/\(where_)" } ?? where_
    }
}

/// What the reconciler reaches targets through, per placement: the backend, the metric
/// source, the labels for `/metrics` and the journal, and the API budget left.
///
/// The daemon's implementation builds clients per (role, region), each with its own
/// credentials; ``SinglePlacementConnections`` serves every placement with one backend.
public protocol TargetConnections: Sendable {
    /// The placement a policy's target is reached by, normalised: a policy naming the
    /// daemon's own region is in the daemon's placement.
    func placement(of policy: CapacityPolicy) -> TargetPlacement
    /// The backend of a placement (assuming its role if it has one).
    func backend(for placement: TargetPlacement) async throws(TargetError) -> any CapacityBackend
    /// The metric source of a placement (CloudWatch in its region and account).
    func metrics(for placement: TargetPlacement) async throws(TargetError) -> any MetricSource
    /// The region and account names for labels (empty when not known).
    func labels(for placement: TargetPlacement) -> PlacementLabels
    /// Calls each API family can make for this placement over one interval; `nil` when reads
    /// are not budgeted.
    func readCapacity(for placement: TargetPlacement) async -> ReadCapacity?
    /// Where a placement's forecast history is read (CloudWatch in its region and account);
    /// `nil`: the reconciler's own history source, the daemon's region and credentials.
    func history(for placement: TargetPlacement) async throws(TargetError) -> (any MetricHistorySource)?
}

extension TargetConnections {
    public func history(for placement: TargetPlacement) async throws(TargetError) -> (any MetricHistorySource)? { nil }
}

/// Region and account as `/metrics` labels and journal fields.
public struct PlacementLabels: Sendable, Hashable {
    public var region: String
    public var account: String

    public init(region: String, account: String) {
        self.region = region
        self.account = account
    }
}

/// One backend and one metric source for every placement: tests, and a daemon without placements.
public struct SinglePlacementConnections: TargetConnections {
    public let backend: any CapacityBackend
    public let metrics: any MetricSource
    public let labels: PlacementLabels

    public init(backend: any CapacityBackend, metrics: any MetricSource, labels: PlacementLabels = PlacementLabels(region: "", account: "")) {
        self.backend = backend
        self.metrics = metrics
        self.labels = labels
    }

    public func placement(of policy: CapacityPolicy) -> TargetPlacement { TargetPlacement(policy: policy) }
    public func backend(for placement: TargetPlacement) async throws(TargetError) -> any CapacityBackend { backend }
    public func metrics(for placement: TargetPlacement) async throws(TargetError) -> any MetricSource { metrics }
    public func labels(for placement: TargetPlacement) -> PlacementLabels {
        PlacementLabels(region: placement.region ?? labels.region, account: placement.account ?? labels.account)
    }
    public func readCapacity(for placement: TargetPlacement) async -> ReadCapacity? { nil }
}
