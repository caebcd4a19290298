import AWSClient
import CapacityCore
import Foundation
import HeadroomTestSupport
import MetricSources
import Synchronization
import Testing

/// PrometheusClient and PrometheusMetricSource against a loopback stub: encoding, limits,
/// concurrency and the failures a real server does not produce on demand.
@Suite("Prometheus metric source against a loopback stub")
struct PrometheusStubTests {
    static let time = Date(timeIntervalSince1970: 1_767_571_200.25)

    static func vector(_ value: String, at seconds: Double = 1_767_571_200.25) -> String {
        #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"api"},"value":[\#(seconds),"\#(value)"]}]}}"#
    }

    static func reason(_ reading: MetricReading?) -> String? {
        if case .unavailable(let reason) = reading?.status { return reason }
        return nil
    }

    @Test func queriesArePercentEncodedAndTimesSentToTheMillisecond() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, Self.vector("1.5")) }
        defer { server.stop() }
        let client = try PrometheusClient(baseURL: server.baseURL.appendingPathComponent("prom/"), headers: ["Authorization": "Bearer s3cret-token"])
        let expression = #"sum(rate(http_requests_total{path=~"/a+b&c=d", code!="5xx"}[2m])) / 2"#
        let reading = try #require(await PrometheusMetricSource(client: client).latest([.prometheus(query: expression)], at: Self.time).first)
        #expect(reading == .value(1.5, at: Self.time, periodSeconds: 0))

        let request = try #require(server.requests.first)
        #expect(request.method == "GET")
        #expect(request.path == "/prom/api/v1/query")
        #expect(request.header("Authorization") == "Bearer s3cret-token")
        let query = String(request.target.split(separator: "?", maxSplits: 1).last ?? "")
        #expect(!query.contains("+") && !query.contains("\""), "every reserved character is escaped: \(query)")
        let items = URLComponents(string: "http://x/?" + query)?.queryItems ?? []
        #expect(items.first { $0.name == "query" }?.value == expression)
        #expect(items.first { $0.name == "time" }?.value == "1767571200.25")
    }

    @Test func errorsNameTheServerAndQueryButNeverTheHeaders() async throws {
        let replies: [LoopbackHTTPServer.Reply] = [
            .status(502, headers: [("Content-Type", "text/html")], body: "<html>Bad Gateway</html>"),
            .json(200, "this is not JSON"),
            .json(200, #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}}"#),
            .json(503, #"{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}"#),
            .json(200, #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"histogram":[1,{"count":"3"}]}]}}"#),
        ]
        let server = try LoopbackHTTPServer { _, index in replies[min(index, replies.count - 1)] }
        defer { server.stop() }
        let client = try PrometheusClient(baseURL: server.baseURL, headers: ["Authorization": "Bearer s3cret-token"])
        let source = PrometheusMetricSource(client: client, configuration: .init(maxConcurrentQueries: 1))
        var reasons: [String] = []
        for index in replies.indices {
            let reading = await source.latest([.prometheus(query: "q\(index)")], at: Self.time).first
            reasons.append(Self.reason(reading) ?? "not unavailable: \(String(describing: reading))")
        }
        #expect(reasons[0].contains("HTTP 502") && reasons[0].contains("Bad Gateway") && reasons[0].contains("`q0`"))
        #expect(reasons[1].contains("not a Prometheus API response"))
        #expect(reasons[2].contains("'abc' is not a sample value"))
        #expect(reasons[3].contains("HTTP 503 timeout") && reasons[3].contains("query timed out"))
        #expect(reasons[4].contains("native histogram"))
        for reason in reasons {
            #expect(reason.contains("127.0.0.1:\(server.port)/api/v1/query"), "\(reason)")
            #expect(!reason.contains("s3cret"))
        }
    }

    @Test func aResponseOverTheLimitIsRefused() async throws {
        let big = #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"pad":""# + String(repeating: "x", count: 4096)
            + #""},"value":[1,"1"]}]}}"#
        let server = try LoopbackHTTPServer { _, _ in .json(200, big) }
        defer { server.stop() }
        // The limit holds whatever the transport allows.
        let client = try PrometheusClient(baseURL: server.baseURL, transport: URLSessionTransport(), maxResponseBytes: 2048)
        let reading = await PrometheusMetricSource(client: client).latest([.prometheus(query: "up")], at: Self.time).first
        #expect(Self.reason(reading)?.contains("the limit is 2048") == true)
        // And the default transport stops reading at the limit.
        let limited = try PrometheusClient(baseURL: server.baseURL, maxResponseBytes: 2048)
        let cut = await PrometheusMetricSource(client: limited).latest([.prometheus(query: "up")], at: Self.time).first
        #expect(Self.reason(cut)?.contains("more than 2048 bytes") == true)
    }

    @Test func atMostTheConfiguredNumberOfQueriesRunAtOnce() async throws {
        let inFlight = Mutex((now: 0, most: 0))
        let server = try LoopbackHTTPServer { _, _ in
            inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
            Thread.sleep(forTimeInterval: 0.15)
            inFlight.withLock { $0.now -= 1 }
            return .json(200, Self.vector("2"))
        }
        defer { server.stop() }
        let source = PrometheusMetricSource(client: try PrometheusClient(baseURL: server.baseURL), configuration: .init(maxConcurrentQueries: 3))
        let readings = await source.latest((0..<10).map { .prometheus(query: "up{i=\"\($0)\"}") }, at: Self.time)
        #expect(readings.allSatisfy { $0.value == 2 })
        #expect(server.requests.count == 10)
        let most = inFlight.withLock { $0.most }
        #expect(most <= 3)
        #expect(most >= 2, "queries should overlap")
    }

    @Test func aServerThatIsDownIsUnavailable() async throws {
        let port = try MotoServer.freePort()
        let source = PrometheusMetricSource(client: try PrometheusClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!))
        let reason = try #require(Self.reason(await source.latest([.prometheus(query: "up")], at: Self.time).first))
        #expect(reason.contains("127.0.0.1:\(port)/api/v1/query"))
        #expect(reason.contains("connection failed"))
        let error = try await #require(throws: MetricHistoryError.self) {
            try await source.history(.prometheus(query: "up"), from: Self.time, to: Self.time.addingTimeInterval(600), step: .seconds(60))
        }
        #expect(error.code == .sourceFailed)
    }

    @Test func invalidBaseURLsAndEmptyExpressions() async throws {
        #expect(throws: PrometheusError.self) { try PrometheusClient(baseURL: URL(string: "file:///tmp/prometheus")!) }
        let server = try LoopbackHTTPServer { _, _ in .json(200, Self.vector("1")) }
        defer { server.stop() }
        let source = PrometheusMetricSource(client: try PrometheusClient(baseURL: server.baseURL))
        let reading = await source.latest([.prometheus(query: "  ")], at: Self.time).first
        #expect(Self.reason(reading) == "the PromQL expression is empty")
        #expect(server.requests.isEmpty)
    }
}
