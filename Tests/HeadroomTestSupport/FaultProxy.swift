import Foundation
import Synchronization

/// An HTTP proxy on 127.0.0.1 in front of one upstream (moto, a Prometheus stub) that injects
/// the faults of a ``FaultPlan`` and records every exchange, so a test can point the
/// daemon's clients at ``baseURL`` and assert what the daemon did under throttling, outages,
/// resets, broken bodies and a skewed server clock — and how many calls it spent.
///
/// Requests are forwarded byte for byte (the `Host` header included, so SigV4 signatures
/// stay valid upstream); only `Connection` and `Content-Length` are rewritten. The plan can
/// be changed while the proxy runs (``setPlan(_:)``), e.g. to end an outage.
public final class FaultProxy: Sendable {
    /// One request the proxy received and what it did with it.
    public struct Exchange: Sendable {
        /// 0-based arrival index.
        public var index: Int
        public var call: ProxiedCall
        /// The fault injected, `nil` when the request was forwarded untouched.
        public var fault: Fault?
        /// The proxy's clock when the request arrived.
        public var time: Date
    }

    private let server: LoopbackHTTPServer
    private let core: Core

    /// Starts a proxy for `upstream` (an `http://127.0.0.1:PORT` URL).
    /// - Parameter clock: the time ``FaultSchedule/during(_:)`` windows are read by.
    public init(upstream: URL, plan: FaultPlan = .none, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        guard let host = upstream.host, let port = upstream.port else {
            throw LoopbackHTTPServer.ServerError("FaultProxy needs an upstream URL with host and port, got \(upstream)")
        }
        let core = Core(upstreamHost: host, upstreamPort: port, plan: plan, clock: clock)
        self.core = core
        self.server = try LoopbackHTTPServer { request, _ in core.handle(request) }
    }

    deinit {
        server.stop()
    }

    /// `http://127.0.0.1:<port>`
    public var baseURL: URL { server.baseURL }

    /// Replaces the plan; rule match counters start again from zero, the random sequence restarts from the new seed.
    public func setPlan(_ plan: FaultPlan) {
        core.setPlan(plan)
    }

    /// Every exchange so far, in arrival order.
    public var exchanges: [Exchange] { core.exchanges }

    /// Exchanges from index `start` on (for the calls of one tick).
    public func exchanges(since start: Int) -> [Exchange] {
        Array(core.exchanges.dropFirst(start))
    }

    /// Stops accepting connections.
    public func stop() {
        server.stop()
    }
}

extension FaultProxy {
    /// The proxy's state, shared with the server's connection threads.
    final class Core: Sendable {
        private struct State {
            var plan: FaultPlan
            var random: SeededRandom
            var matchCounts: [Int]
            var exchanges: [Exchange] = []
        }

        let upstreamHost: String
        let upstreamPort: Int
        let clock: @Sendable () -> Date
        private let state: Mutex<State>

        init(upstreamHost: String, upstreamPort: Int, plan: FaultPlan, clock: @escaping @Sendable () -> Date) {
            self.upstreamHost = upstreamHost
            self.upstreamPort = upstreamPort
            self.clock = clock
            state = Mutex(State(plan: plan, random: SeededRandom(seed: plan.seed), matchCounts: Array(repeating: 0, count: plan.rules.count)))
        }

        func setPlan(_ plan: FaultPlan) {
            state.withLock {
                $0.plan = plan
                $0.random = SeededRandom(seed: plan.seed)
                $0.matchCounts = Array(repeating: 0, count: plan.rules.count)
            }
        }

        var exchanges: [Exchange] { state.withLock { $0.exchanges } }

        /// Picks the fault for `call` and records the exchange.
        private func decide(_ call: ProxiedCall) -> Fault? {
            let now = clock()
            return state.withLock { state in
                var chosen: Fault?
                for (index, rule) in state.plan.rules.enumerated() where chosen == nil && rule.match.matches(call) {
                    let matchIndex = state.matchCounts[index]
                    state.matchCounts[index] += 1
                    if Self.holds(rule.when, matchIndex: matchIndex, now: now, random: &state.random) {
                        chosen = rule.fault
                    }
                }
                state.exchanges.append(Exchange(index: state.exchanges.count, call: call, fault: chosen, time: now))
                return chosen
            }
        }

        private static func holds(_ schedule: FaultSchedule, matchIndex: Int, now: Date, random: inout SeededRandom) -> Bool {
            switch schedule {
            case .always: return true
            case .requests(let range): return range.contains(matchIndex)
            case .during(let window): return window.contains(now)
            case .probability(let chance): return random.unit() < chance
            case .all(let parts):
                var result = true
                for part in parts where !holds(part, matchIndex: matchIndex, now: now, random: &random) { result = false }
                return result
            }
        }

        func handle(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
            let call = ProxiedCall(request)
            let style = ErrorStyle(request)
            guard let fault = decide(call) else { return forward(request) }
            switch fault {
            case .throttle:
                return style.error(status: style == .unsigned ? 429 : 400, code: style == .query ? "Throttling" : "ThrottlingException", message: "Rate exceeded")
            case .status(let status):
                return style.error(status: status, code: status == 503 ? "ServiceUnavailable" : "InternalFailure", message: "injected HTTP \(status)")
            case .blackhole(let hold):
                let parts = hold.components
                Thread.sleep(forTimeInterval: Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
                return .close
            case .reset:
                return .reset
            case .close:
                return .close
            case .oversizedBody(let bytes):
                let filler = Data(repeating: UInt8(ascii: " "), count: max(0, bytes - 2))
                return .respond(status: 200, headers: [("Content-Type", "application/json")], body: Data("{".utf8) + filler + Data("}".utf8), delay: .zero)
            case .htmlPage:
                return .status(200, headers: [("Content-Type", "text/html")], body: "<html><body><h1>Welcome</h1><p>Please sign in to continue.</p></body></html>")
            case .latency(let delay):
                guard case .respond(let status, let headers, let body, _) = forward(request) else { return .reset }
                return .respond(status: status, headers: headers, body: body, delay: delay)
            case .truncatedBody:
                guard case .respond(let status, let headers, let body, _) = forward(request) else { return .reset }
                let kept = body.prefix(body.count / 2)
                return .respond(status: status, headers: headers + [("Content-Length", "\(max(body.count, 1))")], body: Data(kept), delay: .zero)
            case .malformedBody:
                guard case .respond(let status, let headers, let body, _) = forward(request) else { return .reset }
                return .respond(status: status, headers: headers, body: Self.corrupt(body), delay: .zero)
            case .wrongContentType:
                guard case .respond(let status, let headers, let body, _) = forward(request) else { return .reset }
                let others = headers.filter { $0.0.lowercased() != "content-type" }
                return .respond(status: status, headers: others + [("Content-Type", "text/html; charset=iso-8859-1")], body: body, delay: .zero)
            case .skewedClock(let seconds):
                return skewed(request, style: style, by: seconds)
            }
        }

        /// The server's clock is `seconds` off: requests signed too far from it are refused as
        /// AWS refuses them; every answer's `Date` is the server's.
        private func skewed(_ request: LoopbackHTTPServer.Request, style: ErrorStyle, by seconds: TimeInterval) -> LoopbackHTTPServer.Reply {
            let serverNow = Date().addingTimeInterval(seconds)
            let date = ("Date", Self.httpDate(serverNow))
            if let amzDate = request.header("X-Amz-Date"), let signedAt = Self.parseAmzDate(amzDate),
                abs(signedAt.timeIntervalSince(serverNow)) > 300
            {
                let message = "Signature expired: \(amzDate) is now earlier or later than the server's time"
                if style == .json {
                    return .json(400, #"{"__type":"InvalidSignatureException","message":"\#(message)"}"#, headers: [date])
                }
                return .xml(403, ErrorStyle.queryError("RequestTimeTooSkewed", message), headers: [date])
            }
            guard case .respond(let status, let headers, let body, _) = forward(request) else { return .reset }
            let others = headers.filter { $0.0.lowercased() != "date" }
            return .respond(status: status, headers: others + [date], body: body, delay: .zero)
        }

        /// The request as the upstream answers it; a reset when the upstream cannot be reached.
        private func forward(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply {
            guard let answer = UpstreamExchange.exchange(request, host: upstreamHost, port: upstreamPort) else { return .reset }
            let kept = answer.headers.filter {
                !["content-length", "connection", "transfer-encoding", "keep-alive"].contains($0.0.lowercased())
            }
            return .respond(status: answer.status, headers: kept, body: answer.body, delay: .zero)
        }

        /// Half the body and then bytes no JSON or XML parser accepts.
        static func corrupt(_ body: Data) -> Data {
            Data(body.prefix(body.count / 2)) + Data("\u{1}<<{\"]]>".utf8)
        }

        static func httpDate(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return formatter.string(from: date)
        }

        static func parseAmzDate(_ text: String) -> Date? {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            return formatter.date(from: text)
        }
    }

    /// How an injected error is shaped: JSON services, Query services, or an unsigned API (Prometheus).
    enum ErrorStyle: Equatable {
        case json
        case query
        case unsigned

        init(_ request: LoopbackHTTPServer.Request) {
            if request.header("X-Amz-Target") != nil {
                self = .json
            } else if request.header("Authorization") != nil {
                self = .query
            } else {
                self = .unsigned
            }
        }

        func error(status: Int, code: String, message: String) -> LoopbackHTTPServer.Reply {
            switch self {
            case .json:
                return .json(status, #"{"__type":"\#(code)","message":"\#(message)"}"#, headers: [("x-amzn-ErrorType", code)])
            case .query:
                return .xml(status, Self.queryError(code, message))
            case .unsigned:
                return .status(
                    status, headers: [("Content-Type", "application/json")],
                    body: #"{"status":"error","errorType":"unavailable","error":"\#(message)"}"#)
            }
        }

        static func queryError(_ code: String, _ message: String) -> String {
            "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>"
                + "<RequestId>fault-proxy</RequestId></ErrorResponse>"
        }
    }
}

extension ProxiedCall {
    /// Reads the service from the credential scope, the operation from `X-Amz-Target` or the form's `Action`.
    init(_ request: LoopbackHTTPServer.Request) {
        var service = "unsigned"
        if let authorization = request.header("Authorization"),
            let credential = authorization.components(separatedBy: "Credential=").dropFirst().first
        {
            // AKID/DATE/REGION/SERVICE/aws4_request
            let scope = credential.prefix { $0 != "," }.split(separator: "/")
            if scope.count >= 5 { service = String(scope[scope.count - 2]) }
        }
        var operation = request.path
        if let target = request.header("X-Amz-Target"), let dot = target.lastIndex(of: ".") {
            operation = String(target[target.index(after: dot)...])
        } else if let action = request.formFields["Action"], request.method == "POST" {
            operation = action
        }
        self.init(service: service, operation: operation, path: request.path)
    }
}
