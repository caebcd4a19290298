import AWSClient
import Foundation
import Synchronization
import Testing

@Suite("API budget: token buckets per account, region and family, adaptive on throttling")
struct APIBudgetTests {
    @Test("a full bucket lets the burst through, then paces calls at the sustained rate")
    func burstThenRate() {
        var bucket = TokenBucket(rate: 20, burst: 100, now: 0)
        let waits = (0..<140).map { _ in bucket.reserve(at: 0) }
        #expect(waits.prefix(100).allSatisfy { $0 == 0 }, "the burst goes at once")
        // The 101st call waits for one token at 20/s, the 140th for 40 of them.
        #expect(abs(waits[100] - 0.05) < 1e-9)
        #expect(abs(waits[139] - 2.0) < 1e-9)
        // Over 10 s the bucket can give what is left plus 200 more.
        #expect(abs(bucket.available(at: 2.0, over: 10) - 200) < 1e-9)
    }

    @Test("a throttle cuts the rate to 70 %; successes bring it back to the configured rate along the cubic curve")
    func adaptiveRate() {
        var bucket = TokenBucket(rate: 20, burst: 100, now: 0)
        bucket.recordThrottle(at: 1)
        #expect(abs(bucket.rate - 14) < 1e-9)
        bucket.recordThrottle(at: 1.1)
        #expect(abs(bucket.rate - 9.8) < 1e-9, "a second throttle cuts again")
        bucket.recordSuccess(at: 1.2)
        let early = bucket.rate
        #expect(early < 14 && early >= 9.8, "shortly after, still below the rate before the throttle: \(early)")
        bucket.recordSuccess(at: 3)
        let later = bucket.rate
        #expect(later > early && later <= 20)
        bucket.recordSuccess(at: 30)
        #expect(bucket.rate == 20, "recovered fully, never above the configured rate")
        for _ in 0..<40 { bucket.recordThrottle(at: 31) }
        #expect(bucket.rate == TokenBucket.minimumRate, "never below the floor")
    }

    @Test("families: what each AWS operation is paced by, and what is never paced")
    func families() {
        #expect(APIBudget.Family.of(service: "ecs", operation: "DescribeServices") == .ecsServiceRead)
        #expect(APIBudget.Family.of(service: "ecs", operation: "UpdateService") == .ecsServiceWrite)
        #expect(APIBudget.Family.of(service: "ecs", operation: "DescribeClusters") == .ecsOther)
        #expect(APIBudget.Family.of(service: "application-autoscaling", operation: "DescribeScalableTargets") == .applicationAutoScalingRead)
        #expect(APIBudget.Family.of(service: "autoscaling", operation: "SetDesiredCapacity") == .autoScalingWrite)
        #expect(APIBudget.Family.of(service: "monitoring", operation: "GetMetricData") == .cloudWatchGetMetricData)
        #expect(APIBudget.Family.of(service: "dynamodb", operation: "UpdateItem") == nil, "the lease never waits behind reads")
        #expect(APIBudget.Family.of(service: "sts", operation: "AssumeRole") == nil)
        #expect(APIBudget.defaultLimits[.ecsServiceRead] == APIBudget.Limit(rate: 20, burst: 100))
        #expect(APIBudget.defaultLimits[.cloudWatchGetMetricData]?.rate == 50)
    }

    @Test("overrides parse FAMILY=RATE/BURST and name what is wrong")
    func overrides() throws {
        let (family, limit) = try APIBudget.parseOverride("ecs-service-read=40/200")
        #expect(family == .ecsServiceRead && limit == APIBudget.Limit(rate: 40, burst: 200))
        #expect(try APIBudget.parseOverride("cloudwatch-getmetricdata=25").1 == APIBudget.Limit(rate: 25, burst: 25))
        for bad in ["ecs=1/2", "ecs-service-read", "ecs-service-read=0/10", "ecs-service-read=x/1", "ecs-service-read=5/0"] {
            #expect(throws: AWSClientError.self, "\(bad)") { try APIBudget.parseOverride(bad) }
        }
        do {
            _ = try APIBudget.parseOverride("ecs=1/2")
        } catch {
            #expect("\(error)".contains("ecs=1/2") && "\(error)".contains("ecs-service-read"), "\(error)")
        }
    }

    @Test("each account, region and family has its own bucket; waits are slept")
    func separateBuckets() async throws {
        let slept = SleepLog()
        // At 90 % of 20/s, burst 20: 18/s, burst 18.
        let budget = APIBudget(limits: [.ecsServiceRead: .init(rate: 20, burst: 20)], now: { 0 }, sleep: { seconds in slept.record(seconds) })
        let east = APIBudget.Key(account: "111111111111", region: "us-east-1", family: .ecsServiceRead)
        let west = APIBudget.Key(account: "111111111111", region: "eu-west-1", family: .ecsServiceRead)
        let other = APIBudget.Key(account: "222222222222", region: "us-east-1", family: .ecsServiceRead)
        for _ in 0..<19 { try await budget.acquire(east) }
        try await budget.acquire(west)
        try await budget.acquire(other)
        #expect(slept.waits.count == 1, "only the 19th call in us-east-1 of the first account waited")
        #expect(abs(slept.waits[0] - 1.0 / 18) < 1e-9, "for one token at 18/s")
        #expect(abs(await budget.available(east, over: 1) - 17) < 1e-9, "-1 token now, +18 over a second")
        #expect(abs(await budget.available(west, over: 0) - 17) < 1e-9)
    }

    @Test("BudgetedTransport: an ECS ThrottlingException slows that bucket; a CloudWatch success leaves its own alone")
    func transportReportsThrottles() async throws {
        let budget = APIBudget(now: { 0 }, sleep: { _ in })
        let stub = ScriptedTransport { request in
            let target = request.headers["X-Amz-Target"] ?? ""
            if target.hasSuffix("DescribeServices") {
                return HTTPResponse(status: 400, headers: HTTPHeaders(), body: Data(#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#.utf8))
            }
            return HTTPResponse(status: 200, headers: HTTPHeaders(), body: Data("{}".utf8))
        }
        let transport = BudgetedTransport(stub, budget: budget, account: "123456789012")
        _ = try await transport.send(Self.request(service: "ecs", region: "eu-west-1", target: "AmazonEC2ContainerServiceV20141113.DescribeServices"))
        _ = try await transport.send(Self.request(service: "monitoring", region: "eu-west-1", target: "GraniteServiceVersion20100801.GetMetricData"))
        let usage = await budget.usage()
        let ecs = try #require(usage[.init(account: "123456789012", region: "eu-west-1", family: .ecsServiceRead)])
        #expect(abs(ecs.rate - 18 * 0.7) < 1e-9 && ecs.throttles == 1, "70 % of the 18/s it paced at")
        let cloudWatch = try #require(usage[.init(account: "123456789012", region: "eu-west-1", family: .cloudWatchGetMetricData)])
        #expect(cloudWatch.rate == 45 && cloudWatch.throttles == 0)
        #expect(stub.count == 2)
    }

    static func request(service: String, region: String, target: String) -> HTTPRequest {
        var headers = HTTPHeaders()
        headers.add(name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261203/\(region)/\(service)/aws4_request, SignedHeaders=host, Signature=abc")
        headers.add(name: "X-Amz-Target", value: target)
        return HTTPRequest(method: "POST", url: URL(string: "http://127.0.0.1:1/")!, headers: headers, body: Data("{}".utf8))
    }
}

/// A transport that answers from a closure and counts the requests.
final class ScriptedTransport: HTTPTransport {
    private let answer: @Sendable (HTTPRequest) -> HTTPResponse
    private let sent = Mutex(0)

    init(_ answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.answer = answer
    }

    var count: Int { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0 += 1 }
        return answer(request)
    }
}

/// The waits an ``APIBudget`` asked to sleep.
final class SleepLog: Sendable {
    private let recorded = Mutex<[Double]>([])

    func record(_ seconds: Double) { recorded.withLock { $0.append(seconds) } }

    var waits: [Double] { recorded.withLock { $0 } }
}
