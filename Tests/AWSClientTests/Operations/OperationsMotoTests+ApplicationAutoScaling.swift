import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

extension OperationsMotoTests {
    @Test("RegisterScalableTarget registers and changes bounds; DescribeScalableTargets reads them back")
    func registerAndDescribeScalableTarget() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("aas-test", services: ["api", "worker"])
        let aas = ApplicationAutoScalingClient(client: try await administrator().client(.applicationAutoScaling))
        let api = ApplicationAutoScaling.TargetID.ecsService(cluster: "aas-test", service: "api")
        #expect(api.resourceID == "service/aas-test/api")
        #expect(try await aas.describeScalableTarget(api) == nil)

        try await aas.registerScalableTarget(.init(target: api, minCapacity: 2, maxCapacity: 9))
        var target = try #require(try await aas.describeScalableTarget(api))
        #expect(target.minCapacity == 2 && target.maxCapacity == 9)
        #expect(target.scalableDimension == .ecsServiceDesiredCount && target.serviceNamespace == .ecs)

        try await aas.registerScalableTarget(.init(target: api, minCapacity: 3, maxCapacity: 12))
        target = try #require(try await aas.describeScalableTarget(api))
        #expect(target.minCapacity == 3 && target.maxCapacity == 12)

        // Asked by resource ID, a service without a target is simply absent.
        let worker = ApplicationAutoScaling.TargetID.ecsService(cluster: "aas-test", service: "worker")
        let both = try await aas.describeScalableTargets(
            namespace: .ecs, resourceIDs: [api.resourceID, worker.resourceID], dimension: .ecsServiceDesiredCount)
        #expect(both.map(\.resourceID) == [api.resourceID])
    }

    @Test("RegisterScalableTarget for a service that does not exist is a ValidationException")
    func registerUnknownService() async throws {
        try await MotoSeed(try await administrator()).cluster("aas-none", services: [])
        let aas = ApplicationAutoScalingClient(client: try await administrator().client(.applicationAutoScaling))
        let error = await #expect(throws: AWSError.self) {
            try await aas.registerScalableTarget(.init(
                target: .ecsService(cluster: "aas-none", service: "ghost"), minCapacity: 1, maxCapacity: 2))
        }
        #expect(error?.code == "ValidationException")
    }

    @Test("min above max and negative bounds are refused before sending (moto would store them)")
    func registerInputChecks() async throws {
        let counter = AWSCallCounter()
        let aas = ApplicationAutoScalingClient(client: try await counted(.applicationAutoScaling, counter))
        let target = ApplicationAutoScaling.TargetID.ecsService(cluster: "c", service: "s")
        let inverted = await #expect(throws: AWSClientError.self) {
            try await aas.registerScalableTarget(.init(target: target, minCapacity: 5, maxCapacity: 2))
        }
        #expect(inverted?.message.contains("MinCapacity 5 is above MaxCapacity 2") == true)
        await #expect(throws: AWSClientError.self) {
            try await aas.registerScalableTarget(.init(target: target, minCapacity: -1, maxCapacity: 2))
        }
        await #expect(throws: AWSClientError.self) {
            try await aas.putScheduledAction(.init(name: "n", target: target, schedule: "rate(1 hour)", minCapacity: 3, maxCapacity: 1))
        }
        #expect(counter.total == 0)
    }

    @Test("PutScheduledAction, DescribeScheduledActions and DeleteScheduledAction")
    func scheduledActions() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("sched-test", services: ["api"])
        let aas = ApplicationAutoScalingClient(client: try await administrator().client(.applicationAutoScaling))
        let api = ApplicationAutoScaling.TargetID.ecsService(cluster: "sched-test", service: "api")
        try await aas.registerScalableTarget(.init(target: api, minCapacity: 1, maxCapacity: 10))
        try await aas.putScheduledAction(.init(
            name: "morning", target: api, schedule: "cron(0 8 * * ? *)", timezone: "Europe/Berlin", minCapacity: 4, maxCapacity: 10))
        try await aas.putScheduledAction(.init(
            name: "night", target: api, schedule: "cron(0 22 * * ? *)", minCapacity: 1, maxCapacity: nil))

        var actions = try await aas.describeScheduledActions(namespace: .ecs, resourceID: api.resourceID, dimension: api.dimension)
        #expect(Set(actions.map(\.name)) == ["morning", "night"])
        let morning = try #require(actions.first { $0.name == "morning" })
        #expect(morning.schedule == "cron(0 8 * * ? *)")
        #expect(morning.timezone == "Europe/Berlin")
        #expect(morning.scalableTargetAction == .init(minCapacity: 4, maxCapacity: 10))
        #expect(actions.first { $0.name == "night" }?.scalableTargetAction == .init(minCapacity: 1, maxCapacity: nil))

        try await aas.deleteScheduledAction(name: "morning", target: api)
        actions = try await aas.describeScheduledActions(namespace: .ecs, resourceID: api.resourceID, dimension: api.dimension)
        #expect(actions.map(\.name) == ["night"])
    }
}
