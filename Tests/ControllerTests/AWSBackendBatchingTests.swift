import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Testing

/// How ``AWSCapacityBackend/describe(_:)`` batches a large cluster, against a loopback stub
/// that answers every service and every scalable target asked for.
@Suite("AWS backend batching")
struct AWSBackendBatchingTests {
    @Test("120 services of one cluster: 12 DescribeServices of 10, then 3 DescribeScalableTargets of at most 50")
    func largeClusterIsBatched() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
            if request.header("X-Amz-Target")?.hasSuffix("DescribeServices") == true {
                let services = (body["services"] as? [String] ?? []).map {
                    #"{"serviceName":"\#($0)","status":"ACTIVE","desiredCount":3,"runningCount":3,"pendingCount":0}"#
                }
                return .json(200, #"{"services":[\#(services.joined(separator: ","))],"failures":[]}"#)
            }
            let targets = (body["ResourceIds"] as? [String] ?? []).map {
                #"{"ServiceNamespace":"ecs","ResourceId":"\#($0)","ScalableDimension":"ecs:service:DesiredCount","MinCapacity":2,"MaxCapacity":9}"#
            }
            return .json(200, #"{"ScalableTargets":[\#(targets.joined(separator: ","))]}"#)
        }
        defer { server.stop() }
        let configuration = try AWSConfiguration(environment: [
            "AWS_ACCESS_KEY_ID": "AKIASTUB", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": server.baseURL.absoluteString, "AWS_CONFIG_FILE": "/nonexistent/config",
            "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        ])
        let backend = try AWSCapacityBackend(configuration: configuration)
        let targets = (0..<120).map { TargetReference.ecsService(cluster: "big", service: "s\($0)") }

        let states = await backend.describe(targets)

        #expect(backend.calls.count(of: "DescribeServices") == 12)
        #expect(backend.calls.count(of: "DescribeScalableTargets") == 3)
        let sizes = server.requests.compactMap { request -> Int? in
            guard request.header("X-Amz-Target")?.hasSuffix("DescribeScalableTargets") == true,
                let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]
            else { return nil }
            return (body["ResourceIds"] as? [String])?.count
        }
        #expect(sizes.sorted() == [20, 50, 50])
        #expect(states.count == 120)
        for target in targets {
            #expect(try states[target]?.get() == TargetState(desired: 3, running: 3, bounds: CapacityBounds(min: 2, max: 9)), "\(target)")
        }
    }
}
