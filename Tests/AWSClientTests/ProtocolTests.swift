import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("JSON and Query protocols against a loopback stub")
struct ProtocolTests {
    struct DescribeClustersInput: Encodable, Sendable {
        var clusters: [String]
    }

    struct DescribeClustersOutput: Decodable, Sendable {
        struct Cluster: Decodable, Sendable {
            var clusterName: String
            var registeredAt: Date
        }
        var clusters: [Cluster]
    }

    @Test func jsonCallSignsTargetAndContentTypeButNotUserAgent() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, #"{"clusters":[{"clusterName":"gpu","registeredAt":1700000000.5}]}"#, headers: [("x-amzn-RequestId", "r1")])
        }
        defer { server.stop() }
        let client = StubFixtures.client(.ecs, server: server)
        let output = try await client.json(
            "DescribeClusters", input: DescribeClustersInput(clusters: ["gpu"]), as: DescribeClustersOutput.self
        )
        #expect(output.clusters.first?.clusterName == "gpu")
        #expect(output.clusters.first?.registeredAt == Date(timeIntervalSince1970: 1_700_000_000.5))

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/")
        #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(request.header("X-Amz-Target") == "AmazonEC2ContainerServiceV20141113.DescribeClusters")
        #expect(request.header("X-Amz-Security-Token") == StubFixtures.sessionToken)
        #expect(request.header("User-Agent") == AWSServiceClient.userAgent)
        #expect(request.bodyText == #"{"clusters":["gpu"]}"#)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=ASIASTUBEXAMPLE/"))
        #expect(authorization.contains("/us-east-1/ecs/aws4_request"))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"))
        #expect(StubFixtures.signatureMatches(request, credentials: StubFixtures.credentials, service: "ecs"))
    }

    @Test func cloudWatchSendsJSON10InQueryCompatibleMode() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "{}") }
        defer { server.stop() }
        try await StubFixtures.client(.cloudWatch, server: server).json("PutMetricData", input: ["Namespace": "Headroom"])
        let request = try #require(server.requests.first)
        #expect(request.header("Content-Type") == "application/x-amz-json-1.0")
        #expect(request.header("X-Amz-Target") == "GraniteServiceVersion20100801.PutMetricData")
        #expect(request.header("x-amzn-query-mode") == "true")
        #expect(request.header("Authorization")?.contains("/monitoring/aws4_request") == true)
        #expect(StubFixtures.signatureMatches(request, credentials: StubFixtures.credentials, service: "monitoring"))
    }

    @Test func stsGetCallerIdentityIsATypedQueryCall() async throws {
        let server = try LoopbackHTTPServer { _, _ in .xml(200, StubFixtures.callerIdentityXML) }
        defer { server.stop() }
        let identity = try await STSClient(client: StubFixtures.client(.sts, server: server)).getCallerIdentity()
        #expect(identity == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/stub", userID: "AIDASTUB"))
        let request = try #require(server.requests.first)
        #expect(request.bodyText == "Action=GetCallerIdentity&Version=2011-06-15")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(StubFixtures.signatureMatches(request, credentials: StubFixtures.credentials, service: "sts"))
    }

    @Test func jsonErrorBecomesATypedAWSError() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(400, StubFixtures.jsonError("ClusterNotFoundException", "Cluster not found."), headers: [("x-amzn-RequestId", "rid-9")])
        }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await StubFixtures.client(.ecs, server: server).json("DescribeClusters", input: DescribeClustersInput(clusters: []))
        }
        #expect(error?.code == "ClusterNotFoundException")
        #expect(error?.status == 400)
        #expect(error?.requestID == "rid-9")
        #expect(error?.operation == "DescribeClusters")
        #expect(server.requests.count == 1)
    }

    @Test func xmlAuthErrorFromAJSONServiceIsRead() async throws {
        let server = try LoopbackHTTPServer { _, _ in .xml(403, StubFixtures.queryError("InvalidClientTokenId", "unknown key")) }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await StubFixtures.client(.dynamoDB, server: server).json("ListTables", input: [String: String]())
        }
        #expect(error?.code == "InvalidClientTokenId")
        #expect(error?.requestID == "req-xml")
    }

    @Test func undecodableSuccessIsAMalformedResponse() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, #"{"clusters":"not a list"}"#) }
        defer { server.stop() }
        let error = await #expect(throws: AWSClientError.self) {
            try await StubFixtures.client(.ecs, server: server)
                .json("DescribeClusters", input: DescribeClustersInput(clusters: []), as: DescribeClustersOutput.self)
        }
        #expect(error?.code == .malformedResponse)
        #expect(error?.description.contains("DescribeClusters") == true)
    }

    @Test func unsignedCallsCarryNoAuthorization() async throws {
        let expiration = Date(timeIntervalSince1970: 1_900_000_000)
        let server = try LoopbackHTTPServer { _, _ in
            .xml(
                200,
                StubFixtures.assumeRoleXML(
                    operation: "AssumeRoleWithWebIdentity", accessKeyID: "ASIAWEB", secret: "webSecret", token: "webToken",
                    expiration: expiration
                )
            )
        }
        defer { server.stop() }
        let sts = STSClient(client: StubFixtures.client(.sts, server: server, credentials: nil))
        let role = try await sts.assumeRoleWithWebIdentity(
            AssumeRoleWithWebIdentityRequest(roleARN: "arn:aws:iam::123456789012:role/web", sessionName: "s", webIdentityToken: "oidc.token")
        )
        #expect(role.credentials.accessKeyID == "ASIAWEB")
        #expect(role.credentials.expiration == expiration)
        #expect(role.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/role/session")
        let request = try #require(server.requests.first)
        #expect(request.header("Authorization") == nil)
        #expect(request.formFields["WebIdentityToken"] == "oidc.token")
        #expect(request.formFields["Action"] == "AssumeRoleWithWebIdentity")
    }

    @Test func signedCallWithoutCredentialsIsRefusedBeforeSending() async throws {
        let server = try LoopbackHTTPServer { _, _ in .xml(200, StubFixtures.callerIdentityXML) }
        defer { server.stop() }
        let error = await #expect(throws: AWSClientError.self) {
            try await STSClient(client: StubFixtures.client(.sts, server: server, credentials: nil)).getCallerIdentity()
        }
        #expect(error?.code == .unsignedClient)
        #expect(server.requests.isEmpty)
    }

    @Test func wrongProtocolForTheServiceIsAnErrorNotACrash() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "{}") }
        defer { server.stop() }
        let error = await #expect(throws: AWSClientError.self) {
            try await StubFixtures.client(.ecs, server: server).query("DescribeClusters")
        }
        #expect(error?.code == .invalidRequest)
        #expect(server.requests.isEmpty)
    }

    @Test func printedRequestsAndHeadersHideCredentials() {
        let request = HTTPRequest(
            method: "POST",
            url: URL(string: "https://sts.us-east-1.amazonaws.com/?X-Amz-Signature=abc")!,
            headers: [
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIA/…, Signature=deadbeef",
                "X-Amz-Security-Token": "token-value", "x-aws-ec2-metadata-token": "imds-value", "Content-Type": "text/plain",
            ],
            body: Data("WebIdentityToken=oidc".utf8)
        )
        var dumped = ""
        dump(request, to: &dumped)
        for text in ["\(request)", String(reflecting: request), dumped, "\(request.headers)"] {
            #expect(!text.contains("deadbeef"))
            #expect(!text.contains("token-value"))
            #expect(!text.contains("imds-value"))
            #expect(!text.contains("oidc"))
            #expect(!text.contains("X-Amz-Signature"))
        }
        #expect("\(request)".contains("Content-Type: text/plain"))
    }

    @Test func hopByHopAndTracingHeadersAreSentButNotSigned() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, "{}") }
        defer { server.stop() }
        let client = StubFixtures.client(.ecs, server: server)
        let headers: HTTPHeaders = [
            "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.ListClusters",
            "X-Amzn-Trace-Id": "Root=1-abc", "User-Agent": "custom-agent/1.0",
        ]
        _ = try await client.send(operation: "ListClusters", body: Data("{}".utf8), headers: headers)
        let request = try #require(server.requests.first)
        #expect(request.header("X-Amzn-Trace-Id") == "Root=1-abc")
        #expect(request.header("User-Agent") == "custom-agent/1.0")
        let authorization = try #require(request.header("Authorization"))
        #expect(!authorization.contains("x-amzn-trace-id"))
        #expect(!authorization.contains("user-agent"))
        #expect(StubFixtures.signatureMatches(request, credentials: StubFixtures.credentials, service: "ecs"))
    }
}
