import CapacityCore
import Foundation
import PolicyFiles
import Testing

@Suite("AWSScaling and imported policies")
struct AWSScalingTests {
    let base = """
        Target: ecs:prod/api
        MinCapacity: 1
        MaxCapacity: 10
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              Prometheus: {Query: cpu}
        """

    @Test func refusesByDefaultAndSuspendsWhenAsked() throws {
        #expect(try policy(base).awsScaling == .refuse)
        #expect(try policy(base + "\nAWSScaling: Suspend\n").awsScaling == .suspend)
        #expect(try policy(base + "\nAWSScaling: Refuse\n").awsScaling == .refuse)
    }

    @Test func aMisspeltModeIsAnErrorAtItsValue() {
        expectOnlyProblem(base + "\nAWSScaling: Suspended\n", .invalidValue, line: 9, column: 13, "AWSScaling must be one of Refuse, Suspend", "did you mean 'Suspend'?")
    }

    @Test func anImportedPolicyLoadsWithItsNotesAsCommentsAndYearLongWindows() throws {
        let imported = ImportedPolicy(
            target: .ecsService(cluster: "prod", service: "api"), region: "eu-west-1", service: "Application Auto Scaling",
            minCapacity: 2, maxCapacity: 30,
            metrics: [
                .init(
                    name: "cpu: 60 %", origin: "ECSServiceAverageCPUUtilization",
                    metric: CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [
                        .init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "api"),
                    ]),
                    targetValue: 60, disableScaleIn: false),
                .init(
                    name: "requests", origin: "ALBRequestCountPerTarget",
                    metric: CloudWatchMetric(
                        namespace: "AWS/ApplicationELB", metricName: "RequestCountPerTarget",
                        dimensions: [.init(name: "TargetGroup", value: "targetgroup/api/0123")], statistic: "Sum"),
                    targetValue: 1000, disableScaleIn: true),
            ],
            scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 600,
            schedules: [
                .init(name: "morning", expression: "cron(0 8 ? * MON-FRI *)", timeZone: "Europe/Berlin", minCapacity: 6, maxCapacity: nil),
                .init(name: "evening", expression: "cron(0 20 ? * MON-FRI *)", timeZone: "Europe/Berlin", minCapacity: 2, maxCapacity: nil),
            ],
            notes: ["AWS policy 'steps' is StepScaling, which Headroom has no equivalent for"])
        let yaml = imported.yaml
        #expect(problems(yaml).isEmpty, "\(problems(yaml).map(\.description))\n\(yaml)")
        #expect(yaml.contains("# Not imported: AWS policy 'steps' is StepScaling, which Headroom has no equivalent for"))
        let loaded = try policy(yaml)
        #expect(loaded.kind == .awsTargetTracking && loaded.awsScaling == .suspend && loaded.region == "eu-west-1")
        guard case .targetTracking(let tracking) = loaded.strategy else {
            Issue.record("not target tracking")
            return
        }
        #expect(tracking.metrics.map(\.name) == ["cpu: 60 %", "requests"])
        #expect(tracking.metrics.map(\.disableScaleIn) == [false, true])
        #expect(tracking.scaleOut.cooldownSeconds == 60 && tracking.scaleIn.cooldownSeconds == 600)
        // Everything else is AWS target tracking's.
        let preset = TargetTrackingPolicy.awsTargetTracking(metrics: tracking.metrics, scaleOutCooldownSeconds: 60, scaleInCooldownSeconds: 600)
        #expect(tracking == preset)

        // Like AWS, the bounds the last action set hold until another sets them: on a Saturday
        // the Friday evening action's minimum still applies, on a Monday at noon the morning's.
        var resolver = ScheduleResolver(loaded.schedules)
        let saturdayNoon = reference.addingTimeInterval(5 * 86_400 + 11 * 3600)
        let mondayNoon = reference.addingTimeInterval(7 * 86_400 + 11 * 3600)
        #expect(resolver.advance(to: saturdayNoon).override.minCapacity?.value == 2)
        #expect(resolver.advance(to: mondayNoon).override.minCapacity?.value == 6)
    }
}
