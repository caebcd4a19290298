import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

/// What moto cannot show: pagination, broken answers and throttling, from a loopback stub.
@Suite("Operations against a loopback stub")
struct OperationStubTests {
    private static func body(_ request: LoopbackHTTPServer.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
    }

    private static func scalableTargetJSON(_ resourceID: String) -> String {
        #"{"ServiceNamespace":"ecs","ResourceId":"\#(resourceID)","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":1,"MaxCapacity":4,"CreationTime":1700000000.5}"#
    }

    @Test("DescribeScalableTargets follows NextToken; more than 50 resource IDs are split")
    func scalableTargetPagination() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let body = Self.body(request)
            let ids = body["ResourceIds"] as? [String] ?? []
            // Answer each call in two pages: the first half, then the rest.
            let half = (ids.count + 1) / 2
            let page = body["NextToken"] == nil ? Array(ids.prefix(half)) : Array(ids.dropFirst(half))
            let next = body["NextToken"] == nil ? #","NextToken":"page-2-\#(ids.first ?? "")""# : ""
            let targets = page.map(Self.scalableTargetJSON).joined(separator: ",")
            return .json(200, #"{"ScalableTargets":[\#(targets)]\#(next)}"#)
        }
        defer { server.stop() }
        let aas = ApplicationAutoScalingClient(client: StubFixtures.client(.applicationAutoScaling, server: server))
        let ids = (1...60).map { "service/c/s\($0)" }
        let targets = try await aas.describeScalableTargets(namespace: .ecs, resourceIDs: ids, dimension: .ecsServiceDesiredCount)
        #expect(Set(targets.map(\.resourceID)) == Set(ids))
        #expect(targets.count == 60)
        let requests = server.requests.map(Self.body)
        #expect(requests.count == 4, "two batches (50 + 10 IDs), two pages each")
        #expect(requests.map { ($0["ResourceIds"] as? [String])?.count ?? 0 } == [50, 50, 10, 10])
        #expect(requests[1]["NextToken"] as? String != nil)
        #expect(server.requests.allSatisfy { $0.header("X-Amz-Target") == "AnyScaleFrontendService.DescribeScalableTargets" })
        #expect(targets.first?.creationTime == Date(timeIntervalSince1970: 1_700_000_000.5))
    }

    @Test("a NextToken that repeats is a malformed response, not an endless loop")
    func repeatedToken() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(200, #"{"ScheduledActions":[],"NextToken":"same"}"#) }
        defer { server.stop() }
        let aas = ApplicationAutoScalingClient(client: StubFixtures.client(.applicationAutoScaling, server: server))
        let error = await #expect(throws: AWSClientError.self) {
            try await aas.describeScheduledActions(namespace: .ecs)
        }
        #expect(error?.code == .malformedResponse)
        #expect(server.requests.count == 2)
    }

    @Test("DescribeAutoScalingGroups follows NextToken and reads instances, warm pool and sizes")
    func groupPagination() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let fields = request.formFields
            let name = fields["NextToken"] == nil ? "first" : "second"
            let next = fields["NextToken"] == nil ? "<NextToken>tok-1</NextToken>" : ""
            let warm = name == "second"
                ? "<WarmPoolConfiguration><MinSize>2</MinSize><MaxGroupPreparedCapacity>-1</MaxGroupPreparedCapacity><PoolState>Hibernated</PoolState><InstanceReusePolicy><ReuseOnScaleIn>true</ReuseOnScaleIn></InstanceReusePolicy></WarmPoolConfiguration><WarmPoolSize>3</WarmPoolSize>"
                : ""
            return .xml(200, """
                <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <DescribeAutoScalingGroupsResult>
                    <AutoScalingGroups><member>
                      <AutoScalingGroupName>\(name)</AutoScalingGroupName>
                      <MinSize>1</MinSize><MaxSize>9</MaxSize><DesiredCapacity>4</DesiredCapacity>
                      <Instances>
                        <member><InstanceId>i-1</InstanceId><LifecycleState>InService</LifecycleState></member>
                        <member><InstanceId>i-2</InstanceId><LifecycleState>Pending:Wait</LifecycleState></member>
                        <member><InstanceId>i-3</InstanceId><LifecycleState>Pending</LifecycleState></member>
                        <member><InstanceId>i-4</InstanceId><LifecycleState>Terminating</LifecycleState></member>
                      </Instances>\(warm)
                    </member></AutoScalingGroups>\(next)
                  </DescribeAutoScalingGroupsResult>
                </DescribeAutoScalingGroupsResponse>
                """)
        }
        defer { server.stop() }
        let asg = AutoScalingClient(client: StubFixtures.client(.autoScaling, server: server))
        let groups = try await asg.describeAutoScalingGroups(names: ["first", "second"])
        #expect(groups.map(\.name) == ["first", "second"])
        #expect(groups[0].inServiceCount == 1 && groups[0].pendingCount == 2)
        #expect(groups[0].warmPoolConfiguration == nil)
        let warm = try #require(groups[1].warmPoolConfiguration)
        #expect(warm.maxGroupPreparedCapacity == nil, "-1 means unset")
        #expect(warm.poolState == .hibernated && warm.reuseOnScaleIn == true && warm.minSize == 2)
        #expect(groups[1].warmPoolSize == 3)
        let first = server.requests[0].formFields
        #expect(first["Action"] == "DescribeAutoScalingGroups" && first["Version"] == "2011-01-01")
        #expect(first["AutoScalingGroupNames.member.1"] == "first" && first["AutoScalingGroupNames.member.2"] == "second")
        #expect(server.requests[1].formFields["NextToken"] == "tok-1")
    }

    @Test("an Auto Scaling group without MinSize, or with a non-numeric size, is a malformed response naming it")
    func malformedGroupXML() async throws {
        let server = try LoopbackHTTPServer { _, index in
            let sizes = index == 0 ? "<MaxSize>2</MaxSize><DesiredCapacity>1</DesiredCapacity>" : "<MinSize>one</MinSize><MaxSize>2</MaxSize><DesiredCapacity>1</DesiredCapacity>"
            return .xml(200, "<R><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>g</AutoScalingGroupName>\(sizes)</member></AutoScalingGroups></DescribeAutoScalingGroupsResult></R>")
        }
        defer { server.stop() }
        let asg = AutoScalingClient(client: StubFixtures.client(.autoScaling, server: server))
        let missing = await #expect(throws: AWSClientError.self) { try await asg.describeAutoScalingGroups(names: ["g"]) }
        #expect(missing?.code == .malformedResponse)
        #expect(missing?.message.contains("'g' has no MinSize") == true)
        let notNumber = await #expect(throws: AWSClientError.self) { try await asg.describeAutoScalingGroups(names: ["g"]) }
        #expect(notNumber?.message.contains("MinSize 'one', not an integer") == true)
    }

    @Test("a DescribeServices body that is not the documented JSON is a malformed response")
    func malformedECSJSON() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .json(200, "{\"services\": [{\"serviceName\": \"api\"}]}") : .json(200, "not json at all")
        }
        defer { server.stop() }
        let ecs = ECSClient(client: StubFixtures.client(.ecs, server: server))
        for _ in 0..<2 {
            let error = await #expect(throws: AWSClientError.self) { try await ecs.describeServices(cluster: "c", services: ["api"]) }
            #expect(error?.code == .malformedResponse)
        }
    }

    @Test("ThrottlingException is retried up to maxAttempts, then thrown as a throttling AWSError")
    func throttling() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(400, StubFixtures.jsonError("ThrottlingException", "Rate exceeded"))
        }
        defer { server.stop() }
        let sleeper = SleepRecorder()
        let ecs = ECSClient(client: StubFixtures.client(.ecs, server: server, sleeper: sleeper, maxAttempts: 3))
        let error = await #expect(throws: AWSError.self) { try await ecs.updateService(cluster: "c", service: "s", desiredCount: 1) }
        #expect(error?.isThrottling == true)
        #expect(server.requests.count == 3)
        #expect(sleeper.sleeps.count == 2)
    }

    @Test("ConditionalCheckFailedException from the wire becomes ConditionalCheckFailedError; other errors stay AWSError")
    func conditionalCheckFromStub() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0
                ? .json(400, StubFixtures.jsonError("ConditionalCheckFailedException", "The conditional request failed"))
                : .json(400, StubFixtures.jsonError("ResourceNotFoundException", "Requested resource not found"))
        }
        defer { server.stop() }
        let dynamo = DynamoDBClient(client: StubFixtures.client(.dynamoDB, server: server))
        let failed = await #expect(throws: ConditionalCheckFailedError.self) {
            try await dynamo.putItem(table: "t", item: ["K": .string("v")], condition: "attribute_not_exists(K)")
        }
        #expect(failed?.message == "The conditional request failed")
        let body = Self.body(server.requests[0])
        #expect(body["ExpressionAttributeValues"] == nil, "an empty placeholder map is left out")
        #expect((body["Item"] as? [String: Any])?["K"] as? [String: String] == ["S": "v"])
        let other = await #expect(throws: AWSError.self) {
            try await dynamo.putItem(table: "t", item: ["K": .string("v")], condition: "attribute_not_exists(K)")
        }
        #expect(other?.code == "ResourceNotFoundException")
    }

    @Test("CountingTransport counts every attempt by signing name and operation")
    func countingTransport() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .json(500, "{}") : .xml(200, "<R><SetDesiredCapacityResult/></R>")
        }
        defer { server.stop() }
        let counter = AWSCallCounter()
        let transport = CountingTransport(URLSessionTransport(), counter: counter)
        func client(_ service: AWSService) -> AWSServiceClient {
            AWSServiceClient(
                service: service, region: StubFixtures.region, endpoint: Endpoint(url: server.baseURL, source: "test"),
                credentialProvider: CredentialProvider(credentials: StubFixtures.credentials), transport: transport,
                retryStrategy: SleepRecorder().strategy(maxAttempts: 2))
        }
        let asg = AutoScalingClient(client: client(.autoScaling))
        try await asg.setDesiredCapacity(group: "g", to: 2)
        #expect(counter.counts == [AWSCallCounter.Call(service: "autoscaling", operation: "SetDesiredCapacity"): 2])
        #expect(server.requests.count == 2)
        let ecs = ECSClient(client: client(.ecs))
        _ = try? await ecs.updateService(cluster: "c", service: "s", desiredCount: 1)
        #expect(counter.count(of: "UpdateService") == 1)
        #expect(counter.reset().count == 2)
        #expect(counter.total == 0)
    }

    @Test("DynamoDB attribute values round-trip through their wire form")
    func attributeValueCoding() throws {
        let item: DynamoDB.Item = [
            "s": .string("text"), "n": .integer(-42), "b": .binary(Data([0, 1, 2])), "t": .bool(true), "z": .null,
            "l": .list([.string("a"), .number("1.5")]), "m": .map(["inner": .stringSet(["x"])]),
            "ns": .numberSet(["1", "2"]), "bs": .binarySet([Data([1])]),
        ]
        let data = try JSONEncoder().encode(item)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""n":{"N":"-42"}"#) && text.contains(#""z":{"NULL":true}"#) && text.contains(#""b":{"B":"AAEC"}"#))
        #expect(try JSONDecoder().decode(DynamoDB.Item.self, from: data) == item)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DynamoDB.AttributeValue.self, from: Data(#"{"S":"a","N":"1"}"#.utf8)) }
        #expect(DynamoDB.AttributeValue.integer(Int64.max).int64Value == Int64.max)
    }
}
