import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// `headroom run` on an Auto Scaling group with a warm pool, against moto with signature
/// checks on: the planned pool goes out with PutWarmPool and the desired capacity with
/// SetDesiredCapacity.
@Suite(
    "headroom run on an Auto Scaling group with a warm pool, against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct DaemonWarmPoolEndToEndTests {
    func policy(group: String, warmPoolMinSize: Int) -> String {
        """
        Target: asg:\(group)
        MinCapacity: 1
        MaxCapacity: 10
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              CloudWatch:
                Namespace: AWS/EC2
                MetricName: CPUUtilization
                Dimensions: {AutoScalingGroupName: \(group)}
                Statistic: Average
                Period: 60
        WarmPool:
          MinSize: \(warmPoolMinSize)
          MaxGroupPreparedCapacity: 8
          PoolState: Stopped
          ReuseOnScaleIn: true
        """
    }

    func headroom(_ arguments: [String], as identity: MotoIdentity) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: DaemonTestKit.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(
            DaemonTestKit.binary, arguments, environment: identity.environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own })
    }

    @Test("CPU 90 on a group of 2 without a pool: run --once puts the planned warm pool and raises desired to 3")
    func warmPoolAndDesiredCapacity() async throws {
        let admin = try await DaemonTestKit.administrator()
        let seed = MotoSeed(admin)
        try await seed.autoScalingGroup("wp-gpu", min: 1, max: 10, desired: 2)
        try await DaemonTestKit.putMetric(
            namespace: "AWS/EC2", name: "CPUUtilization", dimensions: ["AutoScalingGroupName": "wp-gpu"], value: 90, as: admin)
        #expect(try await seed.autoScaling.describeWarmPool(group: "wp-gpu").configuration == nil, "no pool before the run")
        let file = try DaemonTestKit.policyFile(policy(group: "wp-gpu", warmPoolMinSize: 2))
        defer { try? FileManager.default.removeItem(at: file) }

        let run = try await headroom(["run", "--policies", file.path, "--once"], as: admin)
        #expect(run.status == 0, "\(run.stdoutText)\n\(run.stderrText)")
        #expect(run.stdoutText.contains("2 → 3"), "\(run.stdoutText)")

        let pool = try #require(try await seed.autoScaling.describeWarmPool(group: "wp-gpu").configuration, "a pool after the run")
        #expect(pool.minSize == 2)
        #expect(pool.maxGroupPreparedCapacity == 8)
        #expect(pool.poolState?.rawValue == "Stopped")
        #expect(pool.reuseOnScaleIn == true)
        let group = try #require(try await seed.autoScaling.describeAutoScalingGroups(names: ["wp-gpu"]).first)
        #expect(group.desiredCapacity == 3)
        #expect(group.minSize == 1 && group.maxSize == 10, "a policy without schedules leaves the group's bounds alone")

        // A changed pool in the policy: the next run puts the new configuration.
        try policy(group: "wp-gpu", warmPoolMinSize: 4).write(to: file, atomically: true, encoding: .utf8)
        let again = try await headroom(["run", "--policies", file.path, "--once"], as: admin)
        #expect(again.status == 0, "\(again.stdoutText)\n\(again.stderrText)")
        #expect(try await seed.autoScaling.describeWarmPool(group: "wp-gpu").configuration?.minSize == 4)
    }
}
