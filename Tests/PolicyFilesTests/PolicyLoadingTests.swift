import CapacityCore
import Foundation
import PolicyFiles
import Testing

@Suite("Valid policy files")
struct PolicyLoadingTests {
    @Test("A minimal policy gets the documented defaults")
    func minimalDefaults() throws {
        let loaded = try policy(minimalHead, name: "policies/web-api.yaml")
        let metric = TargetTrackingMetric(name: "load", source: .simulatedUtilization, targetValue: 50)
        let expected = CapacityPolicy(
            name: "web-api", kind: .headroom, target: nil, region: nil,
            bounds: CapacityBounds(min: 1, max: 10),
            strategy: .targetTracking(TargetTrackingPolicy(metrics: [metric])))
        #expect(loaded == expected)
    }

    @Test("Region, RoleArn and ExternalId land in the model")
    func placement() throws {
        let loaded = try policy("""
            Region: eu-west-1
            RoleArn: arn:aws:iam::210987654321:role/headroom-target
            ExternalId: platform-team
            """ + "\n" + minimalHead)
        #expect(loaded.region == "eu-west-1")
        #expect(loaded.roleARN == "arn:aws:iam::210987654321:role/headroom-target")
        #expect(loaded.externalID == "platform-team")
        #expect(try policy(minimalHead).roleARN == nil)
    }

    @Test("Every key of a headroom policy lands in the model")
    func everyKey() throws {
        let loaded = try policy("""
            Name: api-cpu
            Kind: headroom
            Target: ecs:prod/api
            Region: us-east-1
            MinCapacity: 2
            MaxCapacity: 20
            TargetTracking:
              Metrics:
                - Name: cpu
                  TargetValue: 60.5
                  ValueType: Average
                  ActivationValue: 1.5
                  DisableScaleIn: true
                  CloudWatch:
                    Namespace: AWS/ECS
                    MetricName: CPUUtilization
                    Dimensions: {ClusterName: prod, ServiceName: api}
                    Statistic: p90
                    Period: 300
                - Name: queue
                  TargetValue: 10
                  ValueType: Total
                  Prometheus: {Query: 'sum(queue_depth{job="api"})'}
              Tolerance: 0.05
              ScaleOutCooldown: 30
              ScaleInCooldown: 5m
              ScaleOut:
                StabilizationWindowSeconds: 15
                SelectPolicy: Min
                Policies: [{Type: Units, Value: 4, PeriodSeconds: 60}, {Type: Percent, Value: 100, PeriodSeconds: 1m}]
                Alarm: {Datapoints: 3, PeriodSeconds: 60, ThresholdRatio: 1.0}
              ScaleIn:
                StabilizationWindowSeconds: 600
                SelectPolicy: Disabled
                Policies: []
                Alarm: {Datapoints: 15, ThresholdRatio: 0.9}
              DisableScaleIn: true
              InstanceWarmup: 120
              MaxMetricAge: 1h
              EvaluationInterval: 15
              Fallback: {FailureThreshold: 3, Capacity: 4}
            """)

        let cpu = TargetTrackingMetric(
            name: "cpu",
            source: .cloudWatch(CloudWatchMetric(
                namespace: "AWS/ECS", metricName: "CPUUtilization",
                dimensions: [.init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "api")],
                statistic: "p90", periodSeconds: 300)),
            targetValue: 60.5, valueType: .average, activationValue: 1.5, disableScaleIn: true)
        let queue = TargetTrackingMetric(
            name: "queue", source: .prometheus(query: #"sum(queue_depth{job="api"})"#), targetValue: 10, valueType: .total)
        let tracking = TargetTrackingPolicy(
            metrics: [cpu, queue],
            tolerance: 0.05,
            scaleOut: ScalingBehavior(
                stabilizationWindowSeconds: 15, cooldownSeconds: 30,
                rateLimits: [.init(kind: .units, value: 4, periodSeconds: 60), .init(kind: .percent, value: 100, periodSeconds: 60)],
                selectPolicy: .min,
                alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 3, thresholdRatio: 1.0)),
            scaleIn: ScalingBehavior(
                stabilizationWindowSeconds: 600, cooldownSeconds: 300, rateLimits: [], selectPolicy: .disabled,
                alarm: AlarmEvaluation(periodSeconds: 60, datapoints: 15, thresholdRatio: 0.9)),
            disableScaleIn: true,
            instanceWarmupSeconds: 120,
            maxMetricAgeSeconds: 3600,
            evaluationIntervalSeconds: 15,
            fallback: FallbackPolicy(failureThreshold: 3, capacity: 4))
        let expected = CapacityPolicy(
            name: "api-cpu", kind: .headroom, target: .ecsService(cluster: "prod", service: "api"), region: "us-east-1",
            bounds: CapacityBounds(min: 2, max: 20), strategy: .targetTracking(tracking))
        #expect(loaded == expected)
    }

    @Test("aws-target-tracking starts from the AWS preset; keys in the file override it")
    func awsPresetWithOverrides() throws {
        let loaded = try policy("Kind: aws-target-tracking\n" + minimalHead + """
              ScaleInCooldown: 120
              ScaleIn:
                Alarm: {Datapoints: 10}
              ScaleOut:
                Cooldown: 60
            """)
        let metric = TargetTrackingMetric(name: "load", source: .simulatedUtilization, targetValue: 50)
        var expected = TargetTrackingPolicy.awsTargetTracking(metrics: [metric])
        expected.scaleIn.cooldownSeconds = 120
        expected.scaleIn.alarm?.datapoints = 10
        expected.scaleOut.cooldownSeconds = 60
        #expect(loaded.kind == .awsTargetTracking)
        #expect(loaded.strategy == .targetTracking(expected))
        // The override changed only Datapoints: the preset's 0.9 × target threshold stays.
        #expect(expected.scaleIn.alarm?.thresholdRatio == 0.9)
    }

    @Test("aws-target-tracking without overrides is exactly the preset")
    func awsPresetUnchanged() throws {
        let loaded = try policy("Kind: aws-target-tracking\n" + minimalHead)
        let metric = TargetTrackingMetric(name: "load", source: .simulatedUtilization, targetValue: 50)
        #expect(loaded.strategy == .targetTracking(.awsTargetTracking(metrics: [metric])))
    }

    @Test("Alarm: null removes the preset's alarm")
    func alarmNullRemovesPreset() throws {
        let loaded = try policy("Kind: aws-target-tracking\n" + minimalHead + """
              ScaleOut:
                Alarm: null
            """)
        let metric = TargetTrackingMetric(name: "load", source: .simulatedUtilization, targetValue: 50)
        var expected = TargetTrackingPolicy.awsTargetTracking(metrics: [metric])
        expected.scaleOut.alarm = nil
        #expect(loaded.strategy == .targetTracking(expected))
    }

    @Test("k8s-hpa starts from the HPA preset; keys in the file override it")
    func hpaPresetWithOverrides() throws {
        let loaded = try policy("Kind: k8s-hpa\n" + minimalHead + """
              Tolerance: 0.2
              ScaleIn:
                StabilizationWindowSeconds: 60
            """)
        let metric = TargetTrackingMetric(name: "load", source: .simulatedUtilization, targetValue: 50)
        var expected = TargetTrackingPolicy.kubernetesHPA(metrics: [metric])
        expected.tolerance = 0.2
        expected.scaleIn.stabilizationWindowSeconds = 60
        #expect(loaded.kind == .kubernetesHPA)
        #expect(loaded.strategy == .targetTracking(expected))
        #expect(loaded.strategy != .targetTracking(.kubernetesHPA(metrics: [metric])))
    }

    @Test("static holds FixedCapacity")
    func staticPolicy() throws {
        let loaded = try policy("""
            Kind: static
            Target: asg:batch
            MinCapacity: 0
            MaxCapacity: 8
            FixedCapacity: 3
            """)
        #expect(loaded.kind == .fixed)
        #expect(loaded.strategy == .fixed(units: 3))
        #expect(loaded.target == .autoScalingGroup(name: "batch"))
    }

    @Test("A warm pool is read with its defaults")
    func warmPool() throws {
        let full = try policy("Target: asg:gpu\n" + minimalHead.replacingOccurrences(of: "TargetValue: 50", with: """
            TargetValue: 50
                  CloudWatch: {Namespace: AWS/EC2, MetricName: CPUUtilization, Dimensions: {AutoScalingGroupName: gpu}}
            """) + """
            WarmPool:
              MinSize: 2
              MaxGroupPreparedCapacity: 8
              PoolState: Hibernated
              ReuseOnScaleIn: true
            """)
        #expect(full.warmPool == WarmPoolPolicy(minSize: 2, maxGroupPreparedCapacity: 8, poolState: .hibernated, reuseOnScaleIn: true))
        let defaults = try policy(minimalHead + "WarmPool: {}\n")
        #expect(defaults.warmPool == WarmPoolPolicy())
    }

    @Test("Scheduled actions keep their order, zones, windows and capacities")
    func scheduledActions() throws {
        let loaded = try policy(minimalHead + """
            ScheduledActions:
              - Name: business-hours
                Schedule: cron(0 8 ? * MON-FRI *)
                End: cron(0 19 ? * MON-FRI *)
                Timezone: Europe/Berlin
                StartTime: 2026-01-01T00:00:00Z
                EndTime: 2026-12-31T00:00:00+01:00
                MinCapacity: 4
                MaxCapacity: 30
                DesiredFloor: 6
              - Name: nightly-batch
                Schedule: cron(0 2 * * *)
                Duration: 90m
                DesiredFloor: 3
            """)
        #expect(loaded.schedules.count == 2)
        let first = try #require(loaded.schedules.first)
        #expect(first.name == "business-hours")
        #expect(first.start == (try ScheduleExpression.parse("cron(0 8 ? * MON-FRI *)")))
        #expect(first.end == .expression(try ScheduleExpression.parse("cron(0 19 ? * MON-FRI *)")))
        #expect(first.timeZone.identifier == "Europe/Berlin")
        #expect(first.startTime == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(first.endTime == Date(timeIntervalSince1970: 1_798_671_600))
        #expect(first.minCapacity == 4 && first.maxCapacity == 30 && first.desiredFloor == 6)
        let second = try #require(loaded.schedules.last)
        #expect(second.name == "nightly-batch")
        #expect(second.end == .duration(seconds: 5400))
        #expect(second.timeZone == TimeZone(identifier: "UTC"))
        #expect(second.timeZone.secondsFromGMT(for: reference) == 0)
        #expect(second.minCapacity == nil && second.maxCapacity == nil && second.desiredFloor == 3)
    }

    @Test("A schedule may raise min above the policy's max when it raises max too")
    func scheduleRaisesBoth() throws {
        let loaded = try policy(minimalHead + """
            ScheduledActions:
              - {Name: peak, Schedule: cron(0 8 * * *), Duration: 1h, MinCapacity: 15, MaxCapacity: 30}
            """)
        #expect(loaded.schedules.first?.minCapacity == 15)
    }

    @Test("Numbers may be written with underscores and plus signs; durations with units")
    func numberForms() throws {
        let loaded = try policy("""
            MinCapacity: +1
            MaxCapacity: 1_000
            TargetTracking:
              Metrics: [{Name: load, TargetValue: 1e3}]
              InstanceWarmup: 1d
              MaxMetricAge: 90s
            """)
        #expect(loaded.bounds == CapacityBounds(min: 1, max: 1000))
        #expect(loaded.metrics.first?.targetValue == 1000)
        guard case .targetTracking(let tracking) = loaded.strategy else {
            Issue.record("not target tracking")
            return
        }
        #expect(tracking.instanceWarmupSeconds == 86_400)
        #expect(tracking.maxMetricAgeSeconds == 90)
    }

    @Test("A UTF-8 byte order mark and CRLF line ends are fine")
    func bomAndCRLF() throws {
        let url = try fixture("bom-crlf.yaml")
        let loaded = try PolicyFileLoader.load(contentsOf: url, reference: reference)
        #expect(loaded.name == "bom-crlf")
        #expect(loaded.bounds == CapacityBounds(min: 1, max: 4))
    }
}
