import Foundation
import HeadroomTestSupport
import Synchronization

/// A Prometheus HTTP API on 127.0.0.1 that answers instant queries with the value a test
/// set for the query text, stamped at the evaluation time asked for (so readings stay fresh
/// in virtual time). An expression without a value answers an empty vector.
final class PrometheusStub: Sendable {
    private final class Values: Sendable {
        let table = Mutex<[String: Double]>([:])
    }

    private let values = Values()
    private let server: LoopbackHTTPServer

    init() throws {
        let values = self.values
        server = try LoopbackHTTPServer { request, _ in
            let query = Self.parameters(of: request.target)
            let expression = query["query"] ?? ""
            let time = query["time"] ?? "0"
            guard let value = values.table.withLock({ $0[expression] }) else {
                return .json(200, #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            }
            return .status(
                200, headers: [("Content-Type", "application/json")],
                body: #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[\#(time),"\#(value)"]}]}}"#)
        }
    }

    deinit {
        server.stop()
    }

    var baseURL: URL { server.baseURL }

    func set(_ expression: String, _ value: Double?) {
        values.table.withLock { $0[expression] = value }
    }

    private static func parameters(of target: String) -> [String: String] {
        var result: [String: String] = [:]
        guard let query = target.split(separator: "?", maxSplits: 1).dropFirst().first else { return result }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            result[parts[0]] = parts[1].removingPercentEncoding ?? parts[1]
        }
        return result
    }
}
