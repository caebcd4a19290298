import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

extension OperationsMotoTests {
    @Test("DescribeServices: 23 services in 2 clusters take exactly 3 calls; every service comes back")
    func describeServicesBatches() async throws {
        let seed = MotoSeed(try await administrator())
        let east = (1...13).map { "east-\($0)" }
        let west = (1...10).map { "west-\($0)" }
        try await seed.cluster("batch-east", services: east, desiredCount: 2)
        try await seed.cluster("batch-west", services: west, desiredCount: 1)

        let counter = AWSCallCounter()
        let ecs = ECSClient(client: try await counted(.ecs, counter))
        let first = try await ecs.describeServices(cluster: "batch-east", services: east)
        let second = try await ecs.describeServices(cluster: "batch-west", services: west)

        #expect(counter.count(of: "DescribeServices") == 3)
        #expect(counter.total == 3)
        #expect(Set(first.services.map(\.serviceName)) == Set(east))
        #expect(Set(second.services.map(\.serviceName)) == Set(west))
        #expect(first.failures.isEmpty && second.failures.isEmpty)
        #expect(first.services.allSatisfy { $0.desiredCount == 2 })
        #expect(second.service(named: "west-4")?.desiredCount == 1)
    }

    @Test("DescribeServices: an unknown service is a typed MISSING failure next to the found ones")
    func describeServicesMissing() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("missing-test", services: ["api"])
        let ecs = ECSClient(client: try await administrator().client(.ecs))
        let described = try await ecs.describeServices(cluster: "missing-test", services: ["api", "ghost"])
        #expect(described.services.map(\.serviceName) == ["api"])
        let failure = try #require(described.failure(for: "ghost"))
        #expect(failure.reason == .missing)
        #expect(failure.arn?.hasSuffix("ghost") == true)
    }

    @Test("DescribeServices on an unknown cluster throws ClusterNotFoundException")
    func describeServicesUnknownCluster() async throws {
        let ecs = ECSClient(client: try await administrator().client(.ecs))
        let error = await #expect(throws: AWSError.self) {
            try await ecs.describeServices(cluster: "no-such-cluster", services: ["api"])
        }
        #expect(error?.code == "ClusterNotFoundException")
    }

    @Test("UpdateService sets desiredCount; DescribeServices then reports it")
    func updateService() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("update-test", services: ["api"], desiredCount: 1)
        let ecs = ECSClient(client: try await administrator().client(.ecs))
        let updated = try await ecs.updateService(cluster: "update-test", service: "api", desiredCount: 5)
        #expect(updated.desiredCount == 5)
        #expect(try await ecs.describeServices(cluster: "update-test", services: ["api"]).service(named: "api")?.desiredCount == 5)

        let unknown = await #expect(throws: AWSError.self) {
            try await ecs.updateService(cluster: "update-test", service: "ghost", desiredCount: 1)
        }
        #expect(unknown?.code == "ServiceNotFoundException")
    }

    @Test("a negative desiredCount or an empty name is refused before anything is sent")
    func ecsInputChecks() async throws {
        let counter = AWSCallCounter()
        let ecs = ECSClient(client: try await counted(.ecs, counter))
        let negative = await #expect(throws: AWSClientError.self) {
            try await ecs.updateService(cluster: "c", service: "s", desiredCount: -1)
        }
        #expect(negative?.code == .invalidRequest)
        #expect(negative?.message.contains("desiredCount is -1") == true)
        await #expect(throws: AWSClientError.self) {
            try await ecs.describeServices(cluster: "", services: ["api"])
        }
        #expect(counter.total == 0)
    }

    @Test("a user denied ecs:DescribeServices gets a 403 AccessDenied, typed")
    func ecsAccessDenied() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("denied-test", services: ["api"])
        let denied = try await MotoAccount.shared.user(named: "no-ecs-describe", at: try endpoint, denying: ["ecs:DescribeServices"])
        let ecs = ECSClient(client: denied.client(.ecs))
        let error = await #expect(throws: AWSError.self) {
            try await ecs.describeServices(cluster: "denied-test", services: ["api"])
        }
        #expect(error?.status == 403)
        #expect(error?.code == "AccessDenied")
        // The same user may still do what the deny does not cover.
        #expect(try await ecs.updateService(cluster: "denied-test", service: "api", desiredCount: 2).desiredCount == 2)
    }
}
