import ArgumentParser

/// The `headroom` command line: thin commands over the libraries.
@main
struct Headroom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "headroom",
        abstract: "Autoscaling and capacity control for ECS services and EC2 Auto Scaling groups.",
        discussion: """
            Headroom keeps capacity ahead of load: target tracking with the knobs AWS does not \
            give you, schedules, warm pools and forecasts. The same decision code runs in the \
            daemon (`headroom run`) and in the offline simulator (`headroom simulate`).
            """,
        version: "0.1.0",
        subcommands: [
            SimulateCommand.self, TuneCommand.self, RunCommand.self, PlanCommand.self, CapacityCommand.self, PolicyCommand.self,
            TraceCommand.self, DoctorCommand.self, ReleaseCommand.self, LeaseCommand.self, AWSCommand.self, BenchCommand.self,
        ]
    )
}
