import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("Retries: standard mode against a loopback stub")
struct RetryTests {
    private struct Empty: Codable, Sendable {}

    @Test func jsonThrottlingIsRetriedWithFullJitterBackoff() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index < 2 ? .json(400, StubFixtures.jsonError("ThrottlingException", "Rate exceeded")) : .json(200, "{}")
        }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let client = StubFixtures.client(.ecs, server: server, sleeper: sleeper, random: 0.5)
        try await client.json("DescribeServices", input: Empty())
        #expect(server.requests.count == 3)
        // random 0.5 × 2^attempt seconds: 1 s after the first failure, 2 s after the second.
        #expect(sleeper.sleeps == [.seconds(1), .seconds(2)])
        // Two retries cost 5 each; the success refunds the last retry's 5.
        #expect(await client.retryQuota.available == 495)
    }

    @Test func everyAttemptIsLoggedAtDebugLevel() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0
                ? .json(400, StubFixtures.jsonError("ThrottlingException"), headers: [("x-amzn-RequestId", "throttled-1")])
                : .json(200, "{}", headers: [("x-amzn-RequestId", "ok-2")])
        }
        defer { server.stop() }
        let logs = LogCapture()
        let client = StubFixtures.client(.ecs, server: server, logger: logs.logger())
        try await client.json("DescribeServices", input: Empty())
        let calls = logs.lines.filter { $0.hasPrefix("debug AWS call ") }
        #expect(calls.count == 2)
        let first = try #require(calls.first)
        for field in ["aws.service=ECS", "aws.operation=DescribeServices", "aws.attempt=1", "http.status=400",
            "aws.error_code=ThrottlingException", "aws.request_id=throttled-1", "aws.latency_ms="] {
            #expect(first.contains(field), "missing \(field) in \(first)")
        }
        #expect(calls.last?.contains("aws.attempt=2") == true)
        #expect(calls.last?.contains("http.status=200") == true)
        #expect(logs.lines.contains { $0.contains("retrying AWS call") && $0.contains("aws.retry_reason=throttling") })
    }

    @Test func xmlThrottlingExhaustsTheAttemptsAndSurfacesTheLastError() async throws {
        let server = try LoopbackHTTPServer { _, _ in .xml(400, StubFixtures.queryError("Throttling", "Rate exceeded")) }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: StubFixtures.client(.sts, server: server, sleeper: sleeper)).getCallerIdentity()
        }
        #expect(error?.code == "Throttling")
        #expect(error?.isThrottling == true)
        #expect(server.requests.count == 3)
        #expect(sleeper.sleeps.count == 2)
    }

    @Test func serverErrorsAreRetried() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .status(500, body: "oops") : index == 1 ? .status(503) : .xml(200, StubFixtures.callerIdentityXML)
        }
        defer { server.stop() }
        let identity = try await STSClient(client: StubFixtures.client(.sts, server: server)).getCallerIdentity()
        #expect(identity.account == "123456789012")
        #expect(server.requests.count == 3)
    }

    @Test(arguments: [LoopbackHTTPServer.Reply.reset, .close])
    func droppedConnectionsAreRetried(drop: LoopbackHTTPServer.Reply) async throws {
        let server = try LoopbackHTTPServer { _, index in index == 0 ? drop : .json(200, "{}") }
        defer { server.stop() }
        let client = StubFixtures.client(.dynamoDB, server: server)
        try await client.json("ListTables", input: Empty())
        #expect(server.requests.count == 2)
    }

    @Test func otherClientErrorsAreNeverRetried() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(400, StubFixtures.jsonError("ValidationException", "bad input")) }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let client = StubFixtures.client(.applicationAutoScaling, server: server, sleeper: sleeper)
        let error = await #expect(throws: AWSError.self) {
            try await client.json("RegisterScalableTarget", input: Empty())
        }
        #expect(error?.code == "ValidationException")
        #expect(server.requests.count == 1)
        #expect(sleeper.sleeps.isEmpty)
        #expect(await client.retryQuota.available == 500)
    }

    @Test func exhaustedQuotaStopsRetryingUntilSuccessesRefillIt() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.header("X-Amz-Target")?.hasSuffix("Fail") == true ? .status(503) : .json(200, "{}")
        }
        defer { server.stop() }
        let quota = RetryQuota.Configuration(capacity: 10, retryCost: 5, timeoutRetryCost: 10, successIncrement: 1)
        let client = StubFixtures.client(.ecs, server: server, quota: quota)

        await #expect(throws: AWSError.self) { try await client.json("Fail", input: Empty()) }
        #expect(server.requests.count == 3)
        #expect(await client.retryQuota.available == 0)

        // Empty bucket: the next failure is not retried.
        await #expect(throws: AWSError.self) { try await client.json("Fail", input: Empty()) }
        #expect(server.requests.count == 4)

        // Five first-attempt successes add one token each: one retry is affordable again.
        for _ in 0..<5 { try await client.json("Succeed", input: Empty()) }
        #expect(await client.retryQuota.available == 5)
        await #expect(throws: AWSError.self) { try await client.json("Fail", input: Empty()) }
        #expect(server.requests.count == 9 + 2)
    }

    @Test func timeoutsAreRetriedAtTheHigherQuotaPrice() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200, delay: .seconds(2)) }
        defer { server.stop() }
        let transport = URLSessionTransport(
            configuration: .init(timeouts: HTTPTimeouts(connect: .milliseconds(150), request: .seconds(1)))
        )
        let client = StubFixtures.client(.ecs, server: server, maxAttempts: 2, transport: transport)
        let error = await #expect(throws: HTTPTransportError.self) {
            try await client.json("DescribeServices", input: Empty())
        }
        #expect(error?.code == .timedOut)
        #expect(server.requests.count == 2)
        #expect(await client.retryQuota.available == 490)
    }

    @Test func backoffGrowsExponentiallyAndIsCapped() {
        let strategy = RetryStrategy(random: { 0.999_999 })
        let ceilings = (1...6).map { strategy.backoff(afterAttempt: $0) }
        #expect(ceilings[0] < .seconds(2) && ceilings[0] > .milliseconds(1999))
        #expect(ceilings[3] < .seconds(16) && ceilings[3] > .milliseconds(15999))
        #expect(ceilings[4] <= .seconds(20) && ceilings[4] > .milliseconds(19999))
        #expect(ceilings[5] <= .seconds(20))
        #expect(RetryStrategy(random: { 0 }).backoff(afterAttempt: 3) == .zero)
        #expect(RetryStrategy(random: { 0.25 }).backoff(afterAttempt: 2) == .seconds(1))
    }

    @Test func maxAttemptsOfOneMeansNoRetry() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(500) }
        defer { server.stop() }
        let client = StubFixtures.client(.ecs, server: server, maxAttempts: 1)
        await #expect(throws: AWSError.self) { try await client.json("DescribeServices", input: Empty()) }
        #expect(server.requests.count == 1)
    }

    @Test func cancellationDuringBackoffEndsTheCall() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(503) }
        defer { server.stop() }
        let client = AWSServiceClient(
            service: .ecs, region: StubFixtures.region, endpoint: Endpoint(url: server.baseURL, source: "test"),
            credentialProvider: CredentialProvider(credentials: StubFixtures.credentials), transport: URLSessionTransport(),
            retryStrategy: RetryStrategy(baseDelay: .seconds(30), random: { 1 })
        )
        let call = Task { try await client.json("DescribeServices", input: Empty()) }
        while server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(100))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(server.requests.count == 1)
    }

    @Test func expiredTokenFetchesNewCredentialsAndRetriesOnce() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.header("Authorization")?.contains("Credential=ASIAOLD/") == true
                ? .json(400, StubFixtures.jsonError("ExpiredTokenException", "The security token included in the request is expired"))
                : .json(200, "{}")
        }
        defer { server.stop() }
        let source = RotatingSource()
        let sleeper = SleepRecorder()
        let client = AWSServiceClient(
            service: .ecs, region: StubFixtures.region, endpoint: Endpoint(url: server.baseURL, source: "test"),
            credentialProvider: CredentialProvider(chain: [source]), transport: URLSessionTransport(),
            retryStrategy: sleeper.strategy(maxAttempts: 1)
        )
        try await client.json("ListClusters", input: Empty())
        #expect(server.requests.count == 2)
        #expect(server.requests[1].header("Authorization")?.contains("Credential=ASIANEW/") == true)
        #expect(sleeper.sleeps.isEmpty)
    }

    @Test func expiredTokenIsNotRetriedTwice() async throws {
        let server = try LoopbackHTTPServer { _, _ in .xml(403, StubFixtures.queryError("ExpiredToken")) }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: StubFixtures.client(.sts, server: server)).getCallerIdentity()
        }
        #expect(error?.code == "ExpiredToken")
        #expect(server.requests.count == 2)
    }
}

/// Hands out `ASIAOLD` first and `ASIANEW` after that, both valid for an hour.
private final class RotatingSource: CredentialSource, @unchecked Sendable {
    let name = "rotating"
    private let lock = NSLock()
    private var calls = 0

    func credentials() async throws -> AWSCredentials? {
        let call = lock.withLock {
            calls += 1
            return calls
        }
        return AWSCredentials(
            accessKeyID: call == 1 ? "ASIAOLD" : "ASIANEW", secretAccessKey: "s\(call)", sessionToken: "t\(call)",
            expiration: Date(timeIntervalSinceNow: 3600)
        )
    }
}
