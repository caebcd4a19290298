import CapacityCore

/// The side of AWS the controller reads and writes: ECS services through ECS and Application
/// Auto Scaling, Auto Scaling groups through EC2 Auto Scaling.
///
/// Reads are batched (``describe(_:)`` takes every target of a tick); writes are one call per
/// changed target. Implementations report per-target failures in the result instead of failing
/// the whole batch, so one deleted service never stops the others.
public protocol CapacityBackend: Sendable {
    func describe(_ targets: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>]
    func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError)
    func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError)
    func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError)
    /// AWS's own scaling on `target` (see ``ForeignScaling``).
    func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling
    /// AWS's own scaling on each of `targets`, read together where the service allows.
    func awsScaling(of targets: [TargetReference]) async -> [TargetReference: Result<ForeignScaling, TargetError>]
    /// Turns on the suspension `switches` (``AWSScalingSwitches``) of `target`, leaving the others as they are.
    func suspendAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError)
    /// Turns off the suspension `switches` of `target`, leaving the others as they are.
    func resumeAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError)
}

extension CapacityBackend {
    // A backend that cannot see AWS's own scaling must not be taken to have found none:
    // without these, every write is refused (fail closed), never made blind.
    public func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling {
        throw .unavailable("\(target): \(Self.self) cannot check for AWS's own scaling policies, so Headroom will not write it")
    }

    public func awsScaling(of targets: [TargetReference]) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        await awsScalingOneByOne(targets)
    }

    /// One ``awsScaling(of:)-(TargetReference)`` per target.
    public func awsScalingOneByOne(_ targets: [TargetReference]) async -> [TargetReference: Result<ForeignScaling, TargetError>] {
        var results: [TargetReference: Result<ForeignScaling, TargetError>] = [:]
        for target in targets {
            do {
                results[target] = .success(try await awsScaling(of: target))
            } catch {
                results[target] = .failure(error)
            }
        }
        return results
    }

    public func suspendAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        throw .unavailable("\(target): \(Self.self) cannot suspend AWS's own scaling")
    }

    public func resumeAWSScaling(_ target: TargetReference, _ switches: [String]) async throws(TargetError) {
        throw .unavailable("\(target): \(Self.self) cannot resume AWS's own scaling")
    }
}

/// What AWS says about one target right now.
public struct TargetState: Sendable, Hashable {
    /// ECS desiredCount or the group's DesiredCapacity.
    public var desired: Int
    /// Running tasks or in-service instances: the units that produce metrics.
    public var running: Int
    /// Pending tasks or instances still launching.
    public var pending: Int
    /// The scalable target's (or group's) MinCapacity and MaxCapacity, when known.
    public var bounds: CapacityBounds?
    /// The group's warm pool configuration, when it has one.
    public var warmPool: WarmPoolPlan?

    public init(desired: Int, running: Int, pending: Int = 0, bounds: CapacityBounds? = nil, warmPool: WarmPoolPlan? = nil) {
        self.desired = desired
        self.running = running
        self.pending = pending
        self.bounds = bounds
        self.warmPool = warmPool
    }
}

extension TargetState {
    /// The state after `actions` were written.
    mutating func applying(_ actions: [TargetOutcome.Action]) {
        for action in actions {
            switch action {
            case .setDesired(_, let to): desired = to
            case .setBounds(_, let to): bounds = to
            case .putWarmPool(let plan): warmPool = plan
            }
        }
    }
}

/// Why a target could not be read or written.
public struct TargetError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case notFound
        case accessDenied
        case throttled
        case invalid
        case unavailable
        case competing
    }

    private let code: Code
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The target does not exist (deleted, misspelt, wrong region).
    public static func notFound(_ message: String) -> TargetError { TargetError(.notFound, message) }
    public static func accessDenied(_ message: String) -> TargetError { TargetError(.accessDenied, message) }
    /// Throttled even after retries.
    public static func throttled(_ message: String) -> TargetError { TargetError(.throttled, message) }
    /// AWS rejected the request as invalid.
    public static func invalid(_ message: String) -> TargetError { TargetError(.invalid, message) }
    /// Any other failure: network, 5xx, malformed answer.
    public static func unavailable(_ message: String) -> TargetError { TargetError(.unavailable, message) }
    /// AWS's own scaling acts on the target, so Headroom does not write it.
    public static func competing(_ message: String) -> TargetError { TargetError(.competing, message) }

    public var isNotFound: Bool { code == .notFound }

    /// Whether the target was refused because AWS's own scaling acts on it.
    public var isCompeting: Bool { code == .competing }

    /// A short label for metrics: `not_found`, `access_denied`, `throttled`, `invalid`, `unavailable`, `aws_scaling`.
    public var kind: String {
        switch code {
        case .notFound: "not_found"
        case .accessDenied: "access_denied"
        case .throttled: "throttled"
        case .invalid: "invalid"
        case .unavailable: "unavailable"
        case .competing: "aws_scaling"
        }
    }

    public var description: String { message }
}
