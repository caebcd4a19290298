import Foundation

/// What a ``FaultProxy`` does to the requests it forwards: an ordered list of rules; the
/// first rule that matches a request and whose schedule holds decides its fault. Requests no
/// rule picks are forwarded untouched.
///
/// ```swift
/// // Half of the ECS and Auto Scaling calls throttled during the first five virtual minutes.
/// let plan = FaultPlan(seed: 7, rules: [
///     FaultRule(.services(["ecs", "autoscaling"]), when: .all([.during(start..<start + 300), .probability(0.5)]), .throttle),
/// ])
/// ```
public struct FaultPlan: Sendable {
    /// The rules, in the order they are tried.
    public var rules: [FaultRule]
    /// Seeds the proxy's random numbers, so a probabilistic plan injects the same faults on
    /// every run.
    public var seed: UInt64

    public init(seed: UInt64 = 1, rules: [FaultRule] = []) {
        self.seed = seed
        self.rules = rules
    }

    /// Forwards everything untouched.
    public static var none: FaultPlan { FaultPlan() }
}

/// One rule of a ``FaultPlan``: which requests, when, and what fault.
public struct FaultRule: Sendable {
    public var match: FaultMatch
    public var when: FaultSchedule
    public var fault: Fault

    public init(_ match: FaultMatch, when: FaultSchedule = .always, _ fault: Fault) {
        self.match = match
        self.when = when
        self.fault = fault
    }
}

/// The call a request makes, as the proxy reads it.
public struct ProxiedCall: Sendable, Hashable, CustomStringConvertible {
    /// The signing name in the `Authorization` credential scope (`ecs`, `dynamodb`, …), or
    /// `unsigned` (Prometheus, moto's own API).
    public var service: String
    /// `X-Amz-Target` after its last `.`, the Query body's `Action`, or the path of an unsigned request.
    public var operation: String
    /// The request path, without the query string.
    public var path: String

    public init(service: String, operation: String, path: String) {
        self.service = service
        self.operation = operation
        self.path = path
    }

    public var description: String { "\(service):\(operation)" }
}

/// Which requests a rule applies to; every given criterion must hold.
public struct FaultMatch: Sendable {
    /// Signing names, e.g. `["ecs", "autoscaling"]`; `nil` for any.
    public var services: Set<String>?
    /// Operations, e.g. `["UpdateService"]`; `nil` for any.
    public var operations: Set<String>?
    /// A path prefix, e.g. `/api/v1/query`; `nil` for any.
    public var pathPrefix: String?

    public init(services: Set<String>? = nil, operations: Set<String>? = nil, pathPrefix: String? = nil) {
        self.services = services
        self.operations = operations
        self.pathPrefix = pathPrefix
    }

    /// Every request.
    public static var any: FaultMatch { FaultMatch() }
    public static func services(_ names: Set<String>) -> FaultMatch { FaultMatch(services: names) }
    public static func operations(_ names: Set<String>) -> FaultMatch { FaultMatch(operations: names) }
    public static func path(_ prefix: String) -> FaultMatch { FaultMatch(pathPrefix: prefix) }

    public func matches(_ call: ProxiedCall) -> Bool {
        if let services, !services.contains(call.service) { return false }
        if let operations, !operations.contains(call.operation) { return false }
        if let pathPrefix, !call.path.hasPrefix(pathPrefix) { return false }
        return true
    }
}

/// When a matching request gets the rule's fault.
public indirect enum FaultSchedule: Sendable {
    /// Every matching request.
    case always
    /// The matching requests whose 0-based index among this rule's matches is in the range.
    case requests(Range<Int>)
    /// While the proxy's clock (injectable: virtual time in tests) is in the window.
    case during(Range<Date>)
    /// With this probability, drawn from the plan's seeded generator.
    case probability(Double)
    /// When every schedule holds (all are evaluated, so random draws stay in step).
    case all([FaultSchedule])
}

/// A fault the proxy injects in place of, or on top of, the upstream's answer.
public enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// HTTP 400 with the protocol's throttling error: `ThrottlingException` in JSON for JSON
    /// services, `Throttling` in XML for Query services, HTTP 429 for unsigned requests.
    case throttle
    /// This status (500, 503, …) with a protocol-shaped error body.
    case status(Int)
    /// Forwards, then holds the answer back this long (beyond the client's deadline).
    case latency(Duration)
    /// Never forwards; holds the connection this long, then closes it: a peer that is
    /// unreachable (packets dropped), as opposed to one that refuses.
    case blackhole(Duration)
    /// Resets the connection (RST) without answering.
    case reset
    /// Closes the connection without a byte of answer.
    case close
    /// Forwards, then sends the head with the full `Content-Length` but only half the body.
    case truncatedBody
    /// Forwards, then replaces the body with a cut and corrupted copy (bad JSON, bad XML).
    case malformedBody
    /// Forwards the answer unchanged except for `Content-Type: text/html; charset=iso-8859-1`.
    case wrongContentType
    /// HTTP 200 with a body of this many bytes, beyond the limit a client should set.
    case oversizedBody(Int)
    /// HTTP 200 with an HTML page, as a captive portal or a misrouted load balancer answers.
    case htmlPage
    /// The server's clock is this many seconds off ours: every `Date` header says so, and a
    /// request signed more than 5 minutes away from it gets 403 `RequestTimeTooSkewed`.
    case skewedClock(seconds: TimeInterval)

    public var description: String {
        switch self {
        case .throttle: "throttle"
        case .status(let code): "status \(code)"
        case .latency(let duration): "latency \(duration)"
        case .blackhole(let duration): "blackhole \(duration)"
        case .reset: "reset"
        case .close: "close"
        case .truncatedBody: "truncated body"
        case .malformedBody: "malformed body"
        case .wrongContentType: "wrong content type"
        case .oversizedBody(let bytes): "oversized body of \(bytes) bytes"
        case .htmlPage: "html page"
        case .skewedClock(let seconds): "skewed clock \(Int(seconds)) s"
        }
    }
}

/// SplitMix64: a small generator whose sequence depends only on its seed.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<1`.
    public mutating func unit() -> Double {
        Double(next() >> 11) / Double(1 << 53)
    }
}
