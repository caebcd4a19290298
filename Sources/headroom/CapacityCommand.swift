import AWSClient
import ArgumentParser
import CapacityCore
import Controller
import Foundation

/// `headroom capacity`: read and set the min, max and desired capacity of one target.
struct CapacityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capacity",
        abstract: "Show or change the min, max and desired capacity of an ECS service or Auto Scaling group.",
        discussion: """
            For the person on call: see what a target has right now, and change it by hand \
            without the console. A target is written ecs:CLUSTER/SERVICE or asg:GROUP_NAME, as \
            in policy files. For an ECS service, min and max are the bounds of its Application \
            Auto Scaling scalable target and desired is the service's desired task count; for \
            an Auto Scaling group all three are the group's own sizes.

            Credentials and region come from the usual AWS chain (environment, ~/.aws files, \
            container or instance role); --region and --profile override it.

            Examples:
              headroom capacity get ecs:prod/api
              headroom capacity set ecs:prod/api --min 4 --max 40 --dry-run
              headroom capacity set asg:gpu-inference --desired 6 --region us-west-2
            """,
        subcommands: [CapacityGetCommand.self, CapacitySetCommand.self]
    )

    /// Parses TARGET with a message that says how to write one.
    static func target(_ text: String) throws(CommandFailure) -> TargetReference {
        guard let target = TargetReference(text) else {
            throw CommandFailure("'\(text)' is not a target: write ecs:CLUSTER/SERVICE or asg:GROUP_NAME")
        }
        return target
    }

    /// The target's state, or a one-line failure (not found, access denied, throttled, …).
    static func describe(_ target: TargetReference, with backend: AWSCapacityBackend) async throws(CommandFailure) -> TargetState {
        let described = await backend.describe([target])
        switch described[target] {
        case .success(let state): return state
        case .failure(let error): throw CommandFailure(error.message)
        case nil: throw CommandFailure("\(target): AWS returned no description")
        }
    }

    /// The backend for the options' region and credentials.
    static func backend(_ options: AWSOptions) throws(CommandFailure) -> AWSCapacityBackend {
        let configuration = try options.configuration()
        do {
            return try AWSCapacityBackend(configuration: configuration)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
