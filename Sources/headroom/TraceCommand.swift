import ArgumentParser

/// `headroom trace`: load traces for the simulator.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Make load traces for `headroom simulate` from recorded metrics.",
        discussion: """
            A trace is a CSV file with a `timestamp,value` header and one row per step \
            (shared/SIMULATION.md, "Inputs"). `headroom trace export` reads a metric's history \
            from CloudWatch or Prometheus and writes it in that format, so you can replay real \
            production load against a policy before you deploy it.
            """,
        subcommands: [TraceExportCommand.self]
    )
}
