import AWSClient
import CapacityCore
import Foundation
import HeadroomTestSupport
import MetricSources
import Testing

/// CloudWatchMetricSource against a loopback stub, for what moto does not do: `NextToken`
/// pagination, per-result failure codes, one call failing while another succeeds.
@Suite("CloudWatch metric source against a loopback stub")
struct CloudWatchStubTests {
    static let base = 1_767_571_200.0  // 2026-01-05T00:00:00Z
    static let now = Date(timeIntervalSince1970: base + 30)

    static func source(_ server: LoopbackHTTPServer, configuration: CloudWatchMetricSource.Configuration = .init()) -> CloudWatchMetricSource {
        let client = AWSServiceClient(
            service: .cloudWatch, region: Region("us-east-1")!, endpoint: Endpoint(url: server.baseURL, source: "stub"),
            credentialProvider: CredentialProvider(credentials: AWSCredentials(accessKeyID: "AKIDSTUB", secretAccessKey: "stub-secret")),
            transport: URLSessionTransport(), retryStrategy: .singleAttempt)
        return CloudWatchMetricSource(client: CloudWatchClient(client: client), configuration: configuration)
    }

    static func metric(_ name: String, statistic: String = "Average") -> MetricQuery {
        .cloudWatch(CloudWatchMetric(namespace: "App", metricName: name, dimensions: [.init(name: "Service", value: "api")], statistic: statistic))
    }

    static func body(_ request: LoopbackHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }

    @Test func readsTheNewestCompleteValueAcrossNextTokenPages() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let token = Self.body(request)["NextToken"] as? String
            switch token {
            case nil:
                return .json(200, """
                    {"MetricDataResults":[{"Id":"m0","Timestamps":[\(Self.base)],"Values":[1],"StatusCode":"PartialData"}],
                     "NextToken":"page-2"}
                    """)
            case "page-2":
                return .json(200, """
                    {"MetricDataResults":[{"Id":"m0","Timestamps":[\(Self.base - 60),\(Self.base - 120)],"Values":[7,6],"StatusCode":"Complete"}]}
                    """)
            default:
                return .json(400, #"{"__type":"InvalidNextToken","message":"bad token"}"#)
            }
        }
        defer { server.stop() }
        let readings = await Self.source(server).latest([Self.metric("Latency")], at: Self.now)
        #expect(readings == [.value(7, at: Date(timeIntervalSince1970: Self.base - 60), periodSeconds: 60)])

        let requests = server.requests
        #expect(requests.count == 2)
        #expect(requests.map { Self.body($0)["NextToken"] as? String } == [nil, "page-2"])
        let first = try #require(requests.first)
        #expect(first.header("X-Amz-Target") == "GraniteServiceVersion20100801.GetMetricData")
        #expect(first.header("x-amzn-query-mode") == "true")
        #expect(first.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(first.header("Authorization")?.contains("/us-east-1/monitoring/aws4_request") == true)
        let body = Self.body(first)
        #expect(body["ScanBy"] as? String == "TimestampDescending")
        #expect(body["StartTime"] as? Double == Self.base - 300)
        #expect(body["EndTime"] as? Double == Self.base + 30)
        let queries = try #require(body["MetricDataQueries"] as? [[String: Any]])
        #expect(queries.count == 1)
        #expect(queries.first?["Id"] as? String == "m0")
        let stat = try #require(queries.first?["MetricStat"] as? [String: Any])
        #expect(stat["Period"] as? Int == 60)
        #expect(stat["Stat"] as? String == "Average")
        let metric = try #require(stat["Metric"] as? [String: Any])
        #expect(metric["Namespace"] as? String == "App")
        #expect(metric["MetricName"] as? String == "Latency")
        #expect((metric["Dimensions"] as? [[String: String]]) == [["Name": "Service", "Value": "api"]])
    }

    @Test func historyFollowsEveryPageAndSortsOldestFirst() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            // Answers under the Id the request gave its one query.
            let id = (Self.body(request)["MetricDataQueries"] as? [[String: Any]])?.first?["Id"] as? String ?? "?"
            switch Self.body(request)["NextToken"] as? String {
            case nil:
                return .json(200, #"{"MetricDataResults":[{"Id":"\#(id)","Timestamps":[\#(Self.base),\#(Self.base + 60)],"Values":[1,2],"StatusCode":"PartialData"}],"NextToken":"a"}"#)
            case "a":
                return .json(200, #"{"MetricDataResults":[{"Id":"\#(id)","Timestamps":[\#(Self.base + 120)],"Values":[3],"StatusCode":"PartialData"}],"NextToken":"b"}"#)
            default:
                return .json(200, #"{"MetricDataResults":[{"Id":"\#(id)","Timestamps":[\#(Self.base + 180)],"Values":[4],"StatusCode":"Complete"}]}"#)
            }
        }
        defer { server.stop() }
        let points = try await Self.source(server).history(
            Self.metric("Requests", statistic: "Sum"), from: Date(timeIntervalSince1970: Self.base),
            to: Date(timeIntervalSince1970: Self.base + 240), step: .seconds(60))
        #expect(points.map(\.0) == [0, 60, 120, 180].map { Date(timeIntervalSince1970: Self.base + $0) })
        #expect(points.map(\.1) == [1, 2, 3, 4])
        #expect(server.requests.count == 3)
        #expect(server.requests.map { Self.body($0)["ScanBy"] as? String } == Array(repeating: "TimestampAscending", count: 3))
    }

    @Test func aRepeatedNextTokenEndsTheCallAsUnavailable() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, #"{"MetricDataResults":[{"Id":"m0","Timestamps":[],"Values":[],"StatusCode":"PartialData"}],"NextToken":"same"}"#)
        }
        defer { server.stop() }
        let readings = await Self.source(server).latest([Self.metric("Latency")], at: Self.now)
        guard case .unavailable(let reason) = readings.first?.status else {
            Issue.record("expected unavailable, got \(readings)")
            return
        }
        #expect(reason.contains("NextToken"))
        #expect(server.requests.count == 2)
    }

    @Test func oneFailingCallDoesNotTouchTheOthers() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let ids = (Self.body(request)["MetricDataQueries"] as? [[String: Any]] ?? []).compactMap { $0["Id"] as? String }
            if ids.contains("m1") {
                return .json(400, #"{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Rate exceeded"}"#)
            }
            let results = ids.map { #"{"Id":"\#($0)","Timestamps":[\#(Self.base - 60)],"Values":[5],"StatusCode":"Complete"}"# }
            return .json(200, #"{"MetricDataResults":[\#(results.joined(separator: ","))]}"#)
        }
        defer { server.stop() }
        let source = Self.source(server, configuration: .init(maxQueriesPerCall: 1))
        let readings = await source.latest([Self.metric("A"), Self.metric("B"), Self.metric("C")], at: Self.now)
        #expect(server.requests.count == 3)
        #expect(readings[0] == .value(5, at: Date(timeIntervalSince1970: Self.base - 60), periodSeconds: 60))
        #expect(readings[2] == readings[0])
        guard case .unavailable(let reason) = readings[1].status else {
            Issue.record("expected unavailable, got \(readings[1])")
            return
        }
        #expect(reason.contains("ThrottlingException"))
        #expect(reason.contains("Rate exceeded"))
    }

    @Test func aForbiddenResultIsUnavailableAndItsNeighboursAreRead() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, """
                {"MetricDataResults":[
                  {"Id":"m0","Timestamps":[\(Self.base - 60)],"Values":[3],"StatusCode":"Complete"},
                  {"Id":"m1","Timestamps":[],"Values":[],"StatusCode":"Forbidden","Messages":[{"Code":"Forbidden","Value":"no access to App"}]}
                ]}
                """)
        }
        defer { server.stop() }
        let readings = await Self.source(server).latest([Self.metric("A"), Self.metric("B")], at: Self.now)
        #expect(readings[0].value == 3)
        #expect(readings[1].status == .unavailable(reason: "CloudWatch answered Forbidden for this metric: Forbidden: no access to App"))
    }

    @Test func anUnreachableEndpointIsUnavailable() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200) }
        server.stop()
        let readings = await Self.source(server).latest([Self.metric("A")], at: Self.now)
        guard case .unavailable(let reason) = readings.first?.status else {
            Issue.record("expected unavailable, got \(readings)")
            return
        }
        #expect(reason.hasPrefix("CloudWatch GetMetricData failed"))
    }
}
