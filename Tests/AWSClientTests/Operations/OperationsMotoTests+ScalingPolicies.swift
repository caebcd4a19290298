import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

extension OperationsMotoTests {
    @Test("PutScalingPolicy and DescribeScalingPolicies round-trip a target-tracking policy; SuspendedState is set and read back")
    func applicationAutoScalingPoliciesAndSuspension() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("policies-test", services: ["api", "web"])
        let aas = ApplicationAutoScalingClient(client: try await administrator().client(.applicationAutoScaling))
        let api = ApplicationAutoScaling.TargetID.ecsService(cluster: "policies-test", service: "api")
        let web = ApplicationAutoScaling.TargetID.ecsService(cluster: "policies-test", service: "web")
        for target in [api, web] { try await aas.registerScalableTarget(.init(target: target, minCapacity: 1, maxCapacity: 8)) }
        let configuration = ApplicationAutoScaling.TargetTrackingConfiguration(
            targetValue: 70, customizedMetric: .init(namespace: "Custom/Queue", metricName: "Backlog", dimensions: [.init(name: "Queue", value: "jobs")], statistic: "Sum"),
            scaleOutCooldown: 30, scaleInCooldown: 900, disableScaleIn: true)
        try await aas.putTargetTrackingPolicy(.init(name: "backlog", target: api, configuration: configuration))

        let policies = try await aas.describeScalingPolicies(namespace: .ecs, resourceID: api.resourceID, dimension: api.dimension)
        #expect(policies.map(\.name) == ["backlog"])
        #expect(policies.first?.policyType == "TargetTrackingScaling")
        #expect(policies.first?.targetTracking == configuration)
        #expect(try await aas.describeScalingPolicies(namespace: .ecs).map(\.resourceID) == [api.resourceID])

        #expect(try await aas.describeScalableTarget(api)?.suspendedState?.dynamicScalingSuspended != true)
        let suspended = ApplicationAutoScaling.SuspendedState(
            dynamicScalingInSuspended: true, dynamicScalingOutSuspended: true, scheduledScalingSuspended: false)
        try await aas.registerScalableTarget(.init(target: api, minCapacity: nil, maxCapacity: nil, suspendedState: suspended))
        let target = try #require(try await aas.describeScalableTarget(api))
        #expect(target.suspendedState == suspended && target.suspendedState?.dynamicScalingSuspended == true)
        #expect(target.minCapacity == 1 && target.maxCapacity == 8, "bounds left as they were")
    }

    @Test("DescribePolicies reads a target-tracking policy; SuspendProcesses/ResumeProcesses change only the named processes")
    func autoScalingPoliciesAndProcesses() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.autoScalingGroup("processes", min: 1, max: 4, desired: 1)
        let counter = AWSCallCounter()
        let asg = AutoScalingClient(client: try await counted(.autoScaling, counter))
        try await asg.putTargetTrackingPolicy(.init(
            groupName: "processes", name: "cpu",
            configuration: .init(targetValue: 50, predefinedMetricType: "ASGAverageCPUUtilization", disableScaleIn: true),
            estimatedInstanceWarmup: 120))
        let policy = try #require(try await asg.describePolicies(group: "processes").first)
        #expect(policy.name == "cpu" && policy.policyType == "TargetTrackingScaling" && policy.scales)
        #expect(policy.targetTracking?.targetValue == 50 && policy.targetTracking?.predefinedMetricType == "ASGAverageCPUUtilization")
        #expect(policy.targetTracking?.disableScaleIn == true && policy.estimatedInstanceWarmup == 120)

        try await asg.suspendProcesses(group: "processes", ["AlarmNotification", "ScheduledActions"])
        var group = try #require(try await asg.describeAutoScalingGroups(names: ["processes"]).first)
        #expect(Set(group.suspendedProcesses) == ["AlarmNotification", "ScheduledActions"])
        try await asg.resumeProcesses(group: "processes", ["ScheduledActions"])
        group = try #require(try await asg.describeAutoScalingGroups(names: ["processes"]).first)
        #expect(group.suspendedProcesses == ["AlarmNotification"])

        // An empty list means every process to AWS (Launch and Terminate too): refused before sending.
        let sent = counter.total
        await #expect(throws: AWSClientError.self) { try await asg.suspendProcesses(group: "processes", []) }
        await #expect(throws: AWSClientError.self) { try await asg.resumeProcesses(group: "processes", []) }
        #expect(counter.total == sent)
    }
}
