import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

extension OperationsMotoTests {
    @Test("DescribeAutoScalingGroups: 55 names take 2 calls; unknown names are absent")
    func describeGroupsBatches() async throws {
        let seed = MotoSeed(try await administrator())
        let names = (1...55).map { String(format: "batch-group-%02d", $0) }
        for name in names {
            try await seed.autoScalingGroup(name, min: 0, max: 2, desired: 0)
        }
        let counter = AWSCallCounter()
        let asg = AutoScalingClient(client: try await counted(.autoScaling, counter))
        let groups = try await asg.describeAutoScalingGroups(names: names + ["no-such-group"])
        #expect(counter.count(of: "DescribeAutoScalingGroups") == 2)
        #expect(Set(groups.map(\.name)) == Set(names))
        #expect(groups.allSatisfy { $0.minSize == 0 && $0.maxSize == 2 && $0.desiredCapacity == 0 })
        #expect(try await asg.describeAutoScalingGroups(names: []).isEmpty)
        #expect(counter.count(of: "DescribeAutoScalingGroups") == 2, "an empty list must not describe every group")
    }

    @Test("SetDesiredCapacity and UpdateAutoScalingGroup change the sizes; instances follow")
    func setAndUpdateGroup() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.autoScalingGroup("sizes", min: 1, max: 5, desired: 2)
        let asg = AutoScalingClient(client: try await administrator().client(.autoScaling))
        var group = try #require(try await asg.describeAutoScalingGroups(names: ["sizes"]).first)
        #expect(group.desiredCapacity == 2)
        #expect(group.inServiceCount == 2 && group.pendingCount == 0)
        #expect(group.instances.allSatisfy { $0.lifecycleState == .inService })

        try await asg.setDesiredCapacity(group: "sizes", to: 4)
        group = try #require(try await asg.describeAutoScalingGroups(names: ["sizes"]).first)
        #expect(group.desiredCapacity == 4 && group.inServiceCount == 4)

        try await asg.updateAutoScalingGroup(.init(name: "sizes", minSize: 2, maxSize: 8, desiredCapacity: 3))
        group = try #require(try await asg.describeAutoScalingGroups(names: ["sizes"]).first)
        #expect(group.minSize == 2 && group.maxSize == 8 && group.desiredCapacity == 3)

        let unknown = await #expect(throws: AWSError.self) {
            try await asg.updateAutoScalingGroup(.init(name: "no-such-group", minSize: 1))
        }
        #expect(unknown?.code == "ValidationError")
    }

    @Test("desired above max, min above max and negative sizes are refused before sending (moto accepts them)")
    func groupInputChecks() async throws {
        let counter = AWSCallCounter()
        let asg = AutoScalingClient(client: try await counted(.autoScaling, counter))
        let cases: [AutoScaling.GroupUpdate] = [
            .init(name: "g", minSize: 1, maxSize: 3, desiredCapacity: 4),
            .init(name: "g", minSize: 4, maxSize: 3),
            .init(name: "g", minSize: 2, desiredCapacity: 1),
            .init(name: "g", maxSize: -1),
            .init(name: "g"),
        ]
        for update in cases {
            await #expect(throws: AWSClientError.self, "\(update)") { try await asg.updateAutoScalingGroup(update) }
        }
        await #expect(throws: AWSClientError.self) { try await asg.setDesiredCapacity(group: "g", to: -2) }
        await #expect(throws: AWSClientError.self) { try await asg.putWarmPool(.init(groupName: "g", minSize: -1)) }
        #expect(counter.total == 0)
    }

    @Test("PutWarmPool, DescribeWarmPool (and the group's own WarmPoolConfiguration), DeleteWarmPool")
    func warmPool() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.autoScalingGroup("warm", min: 1, max: 6, desired: 2)
        let asg = AutoScalingClient(client: try await administrator().client(.autoScaling))
        #expect(try await asg.describeWarmPool(group: "warm").configuration == nil)

        try await asg.putWarmPool(.init(groupName: "warm", minSize: 1, maxGroupPreparedCapacity: 4, poolState: .stopped, reuseOnScaleIn: true))
        let pool = try await asg.describeWarmPool(group: "warm")
        let expected = AutoScaling.WarmPoolConfiguration(minSize: 1, maxGroupPreparedCapacity: 4, poolState: .stopped, reuseOnScaleIn: true)
        #expect(pool.configuration == expected)
        #expect(pool.instances.isEmpty)
        #expect(try await asg.describeAutoScalingGroups(names: ["warm"]).first?.warmPoolConfiguration == expected)

        try await asg.deleteWarmPool(group: "warm")
        #expect(try await asg.describeWarmPool(group: "warm").configuration == nil)
        #expect(try await asg.describeAutoScalingGroups(names: ["warm"]).first?.warmPoolConfiguration == nil)
    }
}
