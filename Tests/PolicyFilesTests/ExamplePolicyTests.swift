import CapacityCore
import Foundation
import PolicyFiles
import Testing

@Suite("Example policies and the policy template")
struct ExamplePolicyTests {
    static let examples = packageRoot.appendingPathComponent("policies")

    static func exampleFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("Every file in policies/ loads with zero problems")
    func allExamplesLoad() throws {
        let files = try Self.exampleFiles()
        #expect(files.count >= 4)
        for file in files {
            let found = PolicyFileLoader.check(contentsOf: file, reference: reference)
            #expect(found.isEmpty, "\(file.lastPathComponent): \(found.map(\.description))")
        }
    }

    @Test("The ECS CPU example tracks AWS/ECS CPUUtilization at 60 %")
    func ecsCPU() throws {
        let policy = try PolicyFileLoader.load(contentsOf: Self.examples.appendingPathComponent("ecs-cpu-target-tracking.yaml"), reference: reference)
        #expect(policy.target == .ecsService(cluster: "prod", service: "api"))
        let metric = try #require(policy.metrics.first)
        #expect(metric.targetValue == 60)
        #expect(metric.source == .cloudWatch(CloudWatchMetric(
            namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: [.init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "api")])))
    }

    @Test("The ALB example starts from AWS target tracking and sums RequestCountPerTarget")
    func albRequests() throws {
        let policy = try PolicyFileLoader.load(contentsOf: Self.examples.appendingPathComponent("alb-requests-per-target.yaml"), reference: reference)
        #expect(policy.kind == .awsTargetTracking)
        guard case .cloudWatch(let metric) = try #require(policy.metrics.first).source else {
            Issue.record("not a CloudWatch metric")
            return
        }
        #expect(metric.namespace == "AWS/ApplicationELB" && metric.metricName == "RequestCountPerTarget" && metric.statistic == "Sum")
        #expect(metric.missingData == .zero, "a minute without requests is 0 requests, so a quiet night scales in")
        #expect(Set(metric.dimensions.map(\.name)) == ["TargetGroup", "LoadBalancer"])
        guard case .targetTracking(let tracking) = policy.strategy else { return }
        #expect(tracking.scaleIn.alarm?.datapoints == 10)
        #expect(tracking.scaleIn.alarm?.thresholdRatio == 0.9)
        #expect(tracking.scaleOut.alarm?.datapoints == 3)
    }

    @Test("The GPU example has a warm pool and a Berlin business-hours schedule raising min")
    func gpuWarmPool() throws {
        let policy = try PolicyFileLoader.load(contentsOf: Self.examples.appendingPathComponent("gpu-model-server-warm-pool.yaml"), reference: reference)
        #expect(policy.target == .autoScalingGroup(name: "llm-inference-g5"))
        #expect(policy.warmPool?.minSize == 2)
        let hours = try #require(policy.schedules.first)
        #expect(hours.timeZone.identifier == "Europe/Berlin")
        #expect((hours.minCapacity ?? 0) > policy.bounds.min)
    }

    @Test("The queue example scales to zero on a Total backlog metric with an activation value")
    func queueBacklog() throws {
        let policy = try PolicyFileLoader.load(contentsOf: Self.examples.appendingPathComponent("queue-worker-backlog.yaml"), reference: reference)
        #expect(policy.bounds.min == 0)
        let backlog = try #require(policy.metrics.first)
        #expect(backlog.valueType == .total)
        #expect(backlog.activationValue > 0)
        guard case .cloudWatch(let metric) = backlog.source else {
            Issue.record("not a CloudWatch metric")
            return
        }
        #expect(metric.namespace == "AWS/SQS" && metric.metricName == "ApproximateNumberOfMessagesVisible")
    }

    @Test("The template for an ECS service loads cleanly and says what it was asked")
    func templateECS() throws {
        let template = PolicyTemplate(
            target: .ecsService(cluster: "prod", service: "api"), minCapacity: 2, maxCapacity: 20, cpuTargetPercent: 60)
        let policy = try PolicyFileLoader.load(yaml: template.yaml, path: "api.yaml", reference: reference)
        #expect(policy.name == "api")
        #expect(policy.target == template.target)
        #expect(policy.bounds == CapacityBounds(min: 2, max: 20))
        let metric = try #require(policy.metrics.first)
        #expect(metric.targetValue == 60)
        #expect(metric.source == .cloudWatch(CloudWatchMetric(
            namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: [.init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "api")],
            statistic: "Average", periodSeconds: 60)))
    }

    @Test("The template for an Auto Scaling group quotes names YAML would misread")
    func templateASG() throws {
        for group in ["gpu-inference", "null", "true", "123", "a: b #c", "quote\"back\\slash"] {
            let template = PolicyTemplate(
                target: .autoScalingGroup(name: group), minCapacity: 0, maxCapacity: 8, cpuTargetPercent: 72.5,
                region: "eu-central-1")
            let policy = try PolicyFileLoader.load(yaml: template.yaml, path: "g.yaml", reference: reference)
            #expect(policy.name == group)
            #expect(policy.target == .autoScalingGroup(name: group))
            #expect(policy.region == "eu-central-1")
            #expect(policy.metrics.first?.targetValue == 72.5)
            #expect(policy.metrics.first?.source == .cloudWatch(CloudWatchMetric(
                namespace: "AWS/EC2", metricName: "CPUUtilization",
                dimensions: [.init(name: "AutoScalingGroupName", value: group)])))
        }
    }

    @Test("The template scales as the shipped default does, at the target it was given")
    func templateIsTheShippedDefault() throws {
        let shipped = try PolicyFileLoader.load(
            contentsOf: packageRoot.appendingPathComponent("simulations/policies/headroom.yaml"), reference: reference)
        for target in [TargetReference.ecsService(cluster: "prod", service: "api"), .autoScalingGroup(name: "gpu")] {
            let template = PolicyTemplate(target: target, minCapacity: 1, maxCapacity: 100, cpuTargetPercent: 60)
            let written = try PolicyFileLoader.load(yaml: template.yaml, path: "new.yaml", reference: reference)
            #expect(written.kind == shipped.kind)
            guard case .targetTracking(var tracking) = written.strategy, case .targetTracking(let expected) = shipped.strategy else {
                Issue.record("both track a target")
                continue
            }
            // The metric's source is the target's own CloudWatch metric; everything else is the default's.
            #expect(tracking.metrics.map(\.targetValue) == expected.metrics.map(\.targetValue))
            tracking.metrics = expected.metrics
            #expect(tracking == expected)
            #expect(written.buffer == shipped.buffer)
            #expect(written.forecast == shipped.forecast)
            #expect(written.warmPool == shipped.warmPool)
        }
    }
}
