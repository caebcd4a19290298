import ArgumentParser

/// `headroom aws`: tools for talking to AWS.
struct AWSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws",
        abstract: "Tools for talking to AWS.",
        subcommands: [AWSSignCommand.self, AWSBenchSignCommand.self]
    )
}
