import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("CloudWatch operations against a loopback stub")
struct CloudWatchClientTests {
    static let start = Date(timeIntervalSince1970: 1_767_571_200)

    static func query(_ id: String, metric: String = "CPUUtilization") -> CloudWatch.MetricDataQuery {
        CloudWatch.MetricDataQuery(
            id: id,
            metricStat: CloudWatch.MetricStat(
                metric: CloudWatch.Metric(namespace: "AWS/ECS", metricName: metric, dimensions: [.init(name: "ClusterName", value: "prod")]),
                period: 60, stat: "Average"))
    }

    static func input(_ queries: [CloudWatch.MetricDataQuery]) -> CloudWatch.GetMetricDataInput {
        CloudWatch.GetMetricDataInput(queries: queries, startTime: start, endTime: start.addingTimeInterval(600), scanBy: .timestampDescending)
    }

    static func json(_ request: LoopbackHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }

    @Test func getMetricDataSendsJSON10AndDecodesDatapoints() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, """
                {"MetricDataResults":[{"Id":"cpu","Label":"CPUUtilization","Timestamps":[1767571260,1767571200.5],"Values":[41.5,40],
                  "StatusCode":"Complete","Messages":[]}],"Messages":[{"Code":"Note","Value":"hello"}]}
                """)
        }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let output = try await client.getMetricData(Self.input([Self.query("cpu")]))
        let result = try #require(output.result(id: "cpu"))
        #expect(result.timestamps == [Date(timeIntervalSince1970: 1_767_571_260), Date(timeIntervalSince1970: 1_767_571_200.5)])
        #expect(result.values == [41.5, 40])
        #expect(result.statusCode == .complete)
        #expect(result.label == "CPUUtilization")
        #expect(output.messages == [CloudWatch.MessageData(code: "Note", value: "hello")])
        #expect(output.nextToken == nil)

        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Target") == "GraniteServiceVersion20100801.GetMetricData")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(request.header("x-amzn-query-mode") == "true")
        #expect(StubFixtures.signatureMatches(request, credentials: StubFixtures.credentials, service: "monitoring"))
        let body = Self.json(request)
        #expect(Set(body.keys) == ["MetricDataQueries", "StartTime", "EndTime", "ScanBy"])
        #expect(body["StartTime"] as? Double == 1_767_571_200)
        #expect(body["EndTime"] as? Double == 1_767_571_800)
        #expect(body["ScanBy"] as? String == "TimestampDescending")
        let query = try #require((body["MetricDataQueries"] as? [[String: Any]])?.first)
        #expect(Set(query.keys) == ["Id", "MetricStat"])
        let stat = try #require(query["MetricStat"] as? [String: Any])
        #expect(Set(stat.keys) == ["Metric", "Period", "Stat"])
        let metric = try #require(stat["Metric"] as? [String: Any])
        #expect(metric["Namespace"] as? String == "AWS/ECS")
        #expect((metric["Dimensions"] as? [[String: String]]) == [["Name": "ClusterName", "Value": "prod"]])
    }

    @Test func allPagesAreMergedByQueryID() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            switch Self.json(request)["NextToken"] as? String {
            case nil:
                .json(200, """
                    {"MetricDataResults":[{"Id":"a","Timestamps":[3],"Values":[30],"StatusCode":"PartialData"},
                                          {"Id":"b","Timestamps":[3],"Values":[300],"StatusCode":"PartialData"}],"NextToken":"t2"}
                    """)
            case "t2":
                .json(200, """
                    {"MetricDataResults":[{"Id":"b","Timestamps":[2],"Values":[200],"StatusCode":"InternalError",
                                           "Messages":[{"Code":"InternalError","Value":"try later"}]},
                                          {"Id":"a","Timestamps":[2,1],"Values":[20,10],"StatusCode":"PartialData"}],"NextToken":"t3"}
                    """)
            default:
                .json(200, #"{"MetricDataResults":[{"Id":"b","Timestamps":[1],"Values":[100],"StatusCode":"Complete"}]}"#)
            }
        }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let merged = try await client.getMetricDataAllPages(Self.input([Self.query("a"), Self.query("b", metric: "Memory")]))
        #expect(merged.results.map(\.id) == ["a", "b"])
        #expect(merged.results[0].values == [30, 20, 10])
        #expect(merged.results[0].timestamps.map(\.timeIntervalSince1970) == [3, 2, 1])
        #expect(merged.results[0].statusCode == .complete, "partial data is complete once the last page came")
        #expect(merged.results[1].values == [300, 200, 100])
        #expect(merged.results[1].statusCode == .internalError, "a failure on any page sticks")
        #expect(merged.results[1].messages.map(\.value) == ["try later"])
        #expect(merged.nextToken == nil)
        #expect(server.requests.map { Self.json($0)["NextToken"] as? String } == [nil, "t2", "t3"])
    }

    @Test func endlessPagesAreCutOff() async throws {
        let server = try LoopbackHTTPServer { _, index in
            .json(200, #"{"MetricDataResults":[],"NextToken":"token-\#(index)"}"#)
        }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let error = try await #require(throws: AWSClientError.self) {
            try await client.getMetricDataAllPages(Self.input([Self.query("a")]), maxPages: 4)
        }
        #expect(error.code == .malformedResponse)
        #expect(error.message.contains("after 4 pages"))
        #expect(server.requests.count == 4)
    }

    @Test func invalidInputIsRefusedBeforeSending() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, #"{"MetricDataResults":[]}"#) }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let tooMany = (0...CloudWatchClient.maxQueriesPerCall).map { Self.query("q\($0)") }
        var backwards = Self.input([Self.query("a")])
        backwards.endTime = backwards.startTime
        let cases: [(CloudWatch.GetMetricDataInput, String)] = [
            (Self.input(tooMany), "501 MetricDataQueries; at most 500"),
            (Self.input([]), "no MetricDataQueries"),
            (Self.input([Self.query("Upper")]), "'Upper' does not match"),
            (Self.input([Self.query("a-b")]), "'a-b' does not match"),
            (Self.input([Self.query("a"), Self.query("a", metric: "Other")]), "'a' is used twice"),
            (backwards, "is not before EndTime"),
        ]
        for (input, message) in cases {
            let error = try await #require(throws: AWSClientError.self) { try await client.getMetricData(input) }
            #expect(error.code == .invalidRequest)
            #expect(error.message.contains(message), "\(error.message)")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func mismatchedTimestampsAndValuesAreMalformed() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, #"{"MetricDataResults":[{"Id":"a","Timestamps":[1,2],"Values":[1],"StatusCode":"Complete"}]}"#)
        }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let error = try await #require(throws: AWSClientError.self) { try await client.getMetricData(Self.input([Self.query("a")])) }
        #expect(error.code == .malformedResponse)
        #expect(error.message.contains("2 timestamps but 1 values"))
    }

    @Test func putMetricDataSendsAtMostAThousandDatapointsPerCall() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "") }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let data = (0..<2500).map { index in
            CloudWatch.MetricDatum(metricName: "Load", timestamp: Self.start.addingTimeInterval(Double(index)), value: Double(index))
        }
        try await client.putMetricData(namespace: "Headroom/Test", data: data)
        let bodies = server.requests.map(Self.json)
        #expect(server.requests.map { $0.header("X-Amz-Target") } == Array(repeating: "GraniteServiceVersion20100801.PutMetricData", count: 3))
        #expect(bodies.map { ($0["MetricData"] as? [[String: Any]])?.count } == [1000, 1000, 500])
        #expect(bodies.allSatisfy { $0["Namespace"] as? String == "Headroom/Test" })
        let first = try #require((bodies.first?["MetricData"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["MetricName", "Timestamp", "Value"], "empty dimensions and unset fields are left out")
        #expect(first["Timestamp"] as? Double == 1_767_571_200)
    }

    @Test func nonFiniteValuesAreRefusedBeforeSending() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "") }
        defer { server.stop() }
        let client = CloudWatchClient(client: StubFixtures.client(.cloudWatch, server: server))
        let error = try await #require(throws: AWSClientError.self) {
            try await client.putMetricData(namespace: "N", data: [.init(metricName: "Good", value: 1), .init(metricName: "Bad", value: .nan)])
        }
        #expect(error.message.contains("Bad has the value nan"))
        #expect(server.requests.isEmpty)
    }

    @Test func queryIDsFollowCloudWatchsPattern() {
        for valid in ["a", "m0", "cpu_util", "aB9_"] { #expect(CloudWatch.isValidQueryID(valid), "\(valid)") }
        for invalid in ["", "0a", "A", "_a", "a-b", "a b", "é", String(repeating: "a", count: 256)] {
            #expect(!CloudWatch.isValidQueryID(invalid), "\(invalid)")
        }
    }
}
