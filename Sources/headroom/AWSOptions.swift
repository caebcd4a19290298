import AWSClient
import ArgumentParser
import Controller
import Foundation

/// `--region`, `--profile` and `--endpoint-url`, shared by every command that calls AWS, and
/// the clients built from them over the normal AWS configuration chain (environment, shared
/// files, web identity, container and instance credentials).
struct AWSOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The AWS Region to call (default: AWS_REGION, then AWS_DEFAULT_REGION, then the profile's region).",
        valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp(
        "The profile of ~/.aws/config and ~/.aws/credentials to use (default: AWS_PROFILE, then 'default'). "
            + "It wins over keys in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, as with the aws CLI.",
        valueName: "name"))
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: ArgumentHelp(
        "Send every AWS call to this URL instead of AWS, e.g. a local emulator (default: AWS_ENDPOINT_URL).",
        valueName: "url"))
    var endpointURL: String?

    /// The process environment with the options applied on top.
    func environment(_ base: [String: String] = ProcessInfo.processInfo.environment) throws(CommandFailure) -> [String: String] {
        var environment = base
        if let region {
            guard Region(region) != nil else {
                throw CommandFailure("--region '\(region)' is not a region name (letters, digits and '-', e.g. eu-west-1)")
            }
            environment["AWS_REGION"] = region
        }
        if let profile {
            environment["AWS_PROFILE"] = profile
            // The environment's keys come first in the chain; an explicit profile must win.
            for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] {
                environment[name] = nil
            }
        }
        if let endpointURL {
            environment["AWS_ENDPOINT_URL"] = endpointURL
        }
        return environment
    }

    /// The resolved configuration.
    func configuration() throws(CommandFailure) -> AWSConfiguration {
        let environment = try environment()
        do {
            return try AWSConfiguration(environment: environment)
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}

/// A one-line failure of a command; ArgumentParser prints it as `Error: …` and exits 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        // Whatever an AWS error carried, the message stays one line.
        self.description = description.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
