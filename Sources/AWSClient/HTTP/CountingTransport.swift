import Foundation
import Synchronization

/// Counts the AWS requests sent through a ``CountingTransport``, by service and operation:
/// how many calls a controller tick costs, for benchmarks and tests. Every attempt counts,
/// retries included, because every attempt is a request AWS bills and throttles.
public final class AWSCallCounter: Sendable {
    /// A service's signing name and an operation, e.g. `ecs:DescribeServices`.
    public struct Call: Sendable, Hashable, CustomStringConvertible {
        /// The signing name from the request's credential scope (`unsigned` when it has none).
        public var service: String
        /// The operation from `X-Amz-Target` or the Query body's `Action`.
        public var operation: String

        public init(service: String, operation: String) {
            self.service = service
            self.operation = operation
        }

        public var description: String { "\(service):\(operation)" }
    }

    private let tally = Mutex<[Call: Int]>([:])

    public init() {}

    /// Counts one request.
    public func record(_ call: Call) {
        tally.withLock { $0[call, default: 0] += 1 }
    }

    /// The requests so far, by call.
    public var counts: [Call: Int] {
        tally.withLock { $0 }
    }

    /// Requests of `operation` so far, whatever the service.
    public func count(of operation: String) -> Int {
        tally.withLock { calls in calls.filter { $0.key.operation == operation }.reduce(0) { $0 + $1.value } }
    }

    /// All requests so far.
    public var total: Int {
        tally.withLock { $0.values.reduce(0, +) }
    }

    /// Returns the counts so far and starts again from zero, e.g. once per controller tick.
    @discardableResult
    public func reset() -> [Call: Int] {
        tally.withLock { counts in
            defer { counts = [:] }
            return counts
        }
    }
}

/// A transport that counts every request in an ``AWSCallCounter`` and passes it on unchanged.
public struct CountingTransport: HTTPTransport {
    /// The transport that sends.
    public let base: any HTTPTransport
    /// Where the requests are counted.
    public let counter: AWSCallCounter

    public init(_ base: any HTTPTransport, counter: AWSCallCounter) {
        self.base = base
        self.counter = counter
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        counter.record(Self.call(of: request))
        return try await base.send(request)
    }

    /// The service (credential scope of `Authorization`) and operation (`X-Amz-Target` after
    /// its last `.`, else the form body's `Action`) of a request.
    public static func call(of request: HTTPRequest) -> AWSCallCounter.Call {
        var service = "unsigned"
        if let authorization = request.headers["Authorization"],
            let credential = authorization.components(separatedBy: "Credential=").dropFirst().first
        {
            // AKID/DATE/REGION/SERVICE/aws4_request
            let scope = credential.prefix { $0 != "," }.split(separator: "/")
            if scope.count >= 5 { service = String(scope[scope.count - 2]) }
        }
        var operation = "unknown"
        if let target = request.headers["X-Amz-Target"], let dot = target.lastIndex(of: ".") {
            operation = String(target[target.index(after: dot)...])
        } else {
            let body = String(decoding: request.body.prefix(512), as: UTF8.self)
            for pair in body.split(separator: "&") where pair.hasPrefix("Action=") {
                operation = String(pair.dropFirst("Action=".count)).removingPercentEncoding ?? String(pair.dropFirst(7))
                break
            }
        }
        return AWSCallCounter.Call(service: service, operation: operation)
    }
}
