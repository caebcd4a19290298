import AWSClient
import ArgumentParser
import CapacityCore
import Controller
import Foundation
import PolicyFiles

extension PolicyCommand {
    /// `headroom policy import TARGET [--region R]`
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Print a policy equivalent to the scaling AWS has for a target today.",
            discussion: """
                The way in for a service AWS already scales: reads the target's bounds, its \
                target-tracking policies (metric, TargetValue, cooldowns, DisableScaleIn) and its \
                scheduled actions from Application Auto Scaling (ECS services) or EC2 Auto Scaling \
                (groups), and prints a policy of kind aws-target-tracking that behaves the same, \
                with AWSScaling: Suspend so Headroom takes over from the policies it was read from. \
                What has no equivalent (step scaling, predictive scaling, metric math) is a comment \
                saying so. Nothing in AWS is changed.

                Examples:
                  headroom policy import ecs:prod/api > policies/api.yaml
                  headroom policy import asg:gpu-inference --region eu-west-1 \\
                    > policies/gpu.yaml
                """
        )

        @Argument(help: ArgumentHelp("What AWS scales: ecs:CLUSTER/SERVICE or asg:GROUP.", valueName: "target"))
        var target: String

        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let reference = try CapacityCommand.target(target)
            let backend = try CapacityCommand.backend(aws)
            let imported: ImportedPolicy
            do {
                imported = try await backend.importPolicy(reference, region: aws.region, now: Date())
            } catch {
                throw CommandFailure(error.message)
            }
            let yaml = imported.yaml
            // As `policy new`: never hand out a file that `policy check` rejects.
            let problems = PolicyFileLoader.check(yaml: yaml, path: "<policy import>")
            guard problems.isEmpty else {
                let lines = problems.map { "error: \($0.message)\n" }.joined()
                FileHandle.standardError.write(Data(lines.utf8))
                throw ExitCode(1)
            }
            print(yaml, terminator: "")
        }
    }
}
