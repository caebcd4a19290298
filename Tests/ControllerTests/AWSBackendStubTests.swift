import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Testing

/// ``AWSCapacityBackend`` against a loopback stub: throttling, broken answers and server
/// errors, which moto does not produce, each mapped to the right ``TargetError``.
@Suite("AWS backend against a loopback stub")
struct AWSBackendStubTests {
    /// A backend at `server` with `maxAttempts` attempts per call and no waiting.
    private func backend(_ server: LoopbackHTTPServer, maxAttempts: Int = 3) throws -> AWSCapacityBackend {
        let configuration = try AWSConfiguration(
            environment: [
                "AWS_ACCESS_KEY_ID": "AKIASTUB", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": server.baseURL.absoluteString, "AWS_CONFIG_FILE": "/nonexistent/config",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
            ],
            retryStrategy: .immediate(maxAttempts: maxAttempts))
        return try AWSCapacityBackend(configuration: configuration)
    }

    private static let throttled = #"{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"#

    private static func groupsXML(_ names: [String]) -> String {
        let members = names.map {
            "<member><AutoScalingGroupName>\($0)</AutoScalingGroupName><MinSize>1</MinSize><MaxSize>3</MaxSize><DesiredCapacity>2</DesiredCapacity><Instances/></member>"
        }.joined()
        return "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups>\(members)</AutoScalingGroups></DescribeAutoScalingGroupsResult></DescribeAutoScalingGroupsResponse>"
    }

    @Test("throttled on every attempt: the ECS targets are throttled after 3 attempts; the group still succeeds")
    func throttledAfterRetries() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.header("X-Amz-Target") == nil ? .xml(200, Self.groupsXML(["g"])) : .json(400, Self.throttled)
        }
        defer { server.stop() }
        let backend = try backend(server)
        let api = TargetReference.ecsService(cluster: "c", service: "api")
        let states = await backend.describe([api, .autoScalingGroup(name: "g")])
        guard case .failure(let error) = states[api] else {
            Issue.record("ecs:c/api should be throttled")
            return
        }
        #expect(error.kind == "throttled")
        #expect(error.message.contains("even after retries"))
        #expect(backend.calls.count(of: "DescribeServices") == 3, "every attempt is counted")
        #expect(try states[.autoScalingGroup(name: "g")]?.get().desired == 2)
    }

    @Test("a write throttled on every attempt is a throttled TargetError")
    func throttledWrite() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(400, Self.throttled) }
        defer { server.stop() }
        let backend = try backend(server, maxAttempts: 2)
        do {
            try await backend.setDesiredCapacity(.ecsService(cluster: "c", service: "api"), to: 3)
            Issue.record("the write should fail")
        } catch {
            #expect(error.kind == "throttled")
        }
        #expect(server.requests.count == 2)
    }

    @Test("a malformed body, an HTTP 500 and a dropped connection are unavailable")
    func unavailable() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let target = request.header("X-Amz-Target") ?? ""
            if target.hasSuffix("DescribeServices") { return .json(200, "{\"services\": \"not a list\"}") }
            if request.bodyText.contains("DescribeAutoScalingGroups") { return .status(500, body: "internal error") }
            return .close
        }
        defer { server.stop() }
        let backend = try backend(server, maxAttempts: 1)
        let api = TargetReference.ecsService(cluster: "c", service: "api")
        let group = TargetReference.autoScalingGroup(name: "g")
        let states = await backend.describe([api, group])
        for target in [api, group] {
            guard case .failure(let error) = states[target] else {
                Issue.record("\(target) should fail")
                continue
            }
            #expect(error.kind == "unavailable", "\(target): \(error)")
        }
        do {
            try await backend.setBounds(api, to: CapacityBounds(min: 1, max: 2))
            Issue.record("the write should fail")
        } catch {
            #expect(error.kind == "unavailable")
        }
    }

    @Test("the bounds call failing fails the services it was for; the services were read first, 10 per call, their bounds 50 per call")
    func boundsFailureFailsTheBatch() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let target = request.header("X-Amz-Target") ?? ""
            if target.hasSuffix("DescribeServices") {
                let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
                let names = body["services"] as? [String] ?? []
                let services = names.map {
                    #"{"serviceName":"\#($0)","status":"ACTIVE","desiredCount":2,"runningCount":2,"pendingCount":0}"#
                }
                return .json(200, #"{"services":[\#(services.joined(separator: ","))],"failures":[]}"#)
            }
            return .json(400, #"{"__type":"AccessDeniedException","message":"not authorized to perform: application-autoscaling:DescribeScalableTargets"}"#)
        }
        defer { server.stop() }
        let backend = try backend(server)
        let names = (1...12).map { "s\($0)" }
        let states = await backend.describe(names.map { .ecsService(cluster: "c", service: $0) })
        #expect(states.count == 12)
        #expect(states.values.allSatisfy { if case .failure(let error) = $0 { error.kind == "access_denied" } else { false } })
        #expect(backend.calls.count(of: "DescribeServices") == 2 && backend.calls.count(of: "DescribeScalableTargets") == 1)
    }

    @Test("TargetError classification of AWS errors")
    func classification() {
        let target = TargetReference.autoScalingGroup(name: "g")
        func kind(_ status: Int, _ code: String, _ message: String = "") -> String {
            TargetError(AWSError(service: "S", operation: "Op", status: status, code: code, message: message, requestID: nil), target: target).kind
        }
        #expect(kind(400, "ThrottlingException") == "throttled")
        #expect(kind(400, "Throttling") == "throttled")
        #expect(kind(403, "AccessDenied") == "access_denied")
        #expect(kind(400, "AccessDeniedException") == "access_denied")
        #expect(kind(403, "SignatureDoesNotMatch") == "access_denied")
        #expect(kind(400, "ClusterNotFoundException") == "not_found")
        #expect(kind(400, "ValidationError", "AutoScalingGroup name not found - null") == "not_found")
        #expect(kind(400, "ValidationException", "ECS service doesn't exist: service/c/s") == "not_found")
        #expect(kind(400, "ValidationError", "Desired capacity:9 must be between the specified min size:1 and max size:3") == "invalid")
        #expect(kind(500, "InternalFailure") == "unavailable")
        #expect(TargetError(CancellationError(), target: target).kind == "unavailable")
        let message = TargetError(
            AWSError(service: "ECS", operation: "UpdateService", status: 403, code: "AccessDenied", message: "no", requestID: "r-1"),
            target: target, while: "setting desired").message
        #expect(message == "asg:g: setting desired: access denied: ECS UpdateService failed with HTTP 403 AccessDenied: no (request ID r-1)")
    }
}
