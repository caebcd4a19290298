import ArgumentParser
import Controller
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `headroom run`: the controller daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the controller: reconcile every target in the policy files, every interval.",
        discussion: """
            Each tick Headroom describes all targets (batched), reads all metrics (batched), \
            decides with the same code `headroom simulate` runs, and writes only where the \
            decision differs from what AWS has, within the effective min and max.

            With --lease-table, replicas elect a leader through a DynamoDB lease and only the \
            leader writes; without one, this process is the only replica. Decision history \
            (stabilization windows, cooldowns) is kept in --state so a restart never scales in early.

            Before writing a target Headroom looks for AWS's own scaling on it (Application \
            Auto Scaling or EC2 Auto Scaling policies and scheduled actions) and refuses the \
            target, naming them, unless its policy says `AWSScaling: Suspend`: then it suspends \
            them first and records that, and `headroom release TARGET` resumes them.

            SIGTERM or SIGINT finishes the current tick, releases the lease and exits 0. \
            SIGHUP reloads the policy files; a file that no longer loads keeps its last good version.

            Examples:
              headroom run --config /etc/headroom/headroom.yaml
              headroom run --policies policies/ --once     # one real reconcile, then exit
              headroom run --policies policies/ --dry-run  # decide, journal, never write
            """
    )

    @OptionGroup var options: DaemonOptions

    @Flag(help: "Run one reconcile, print what was done, and exit.")
    var once = false

    @Flag(name: .customLong("dry-run"), help: "Decide and report every tick, but never write to AWS.")
    var dryRun = false

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        HeapMemory.limitArenas(environment: environment)
        let configuration = try options.resolve(environment: environment)
        let logger = LoggingSetup.bootstrap(format: options.logFormat(environment: environment), level: options.logLevel ?? environment["HEADROOM_LOG_LEVEL"])
        let daemon = try await Daemon.start(configuration: configuration, holder: options.holder(environment: environment), environment: environment, logger: logger)

        if once {
            let report = try await daemon.reconcileOnce(actuate: !dryRun)
            PlanPrinter.printTable(report, dryRun: dryRun)
            if !report.failures.isEmpty { throw ExitCode(2) }
            return
        }
        try await daemon.serve(dryRun: dryRun)
    }
}

/// `headroom plan`: one reconcile that reads everything and changes nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what the controller would do now, and why, changing nothing.",
        discussion: """
            Reads every target and metric like one tick of `headroom run`, decides, and prints per \
            target the current and desired count with the reasons. Nothing is written and no \
            decision history is stored. Exit status 2 when a target could not be read.

            Examples:
              headroom plan --policies policies/
              headroom plan --config headroom.yaml --output json \\
                | jq '.targets[] | select(.change)'
            """
    )

    @OptionGroup var options: DaemonOptions

    @Option(help: "table (default) or json.")
    var output: PlanPrinter.Format = .table

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        HeapMemory.limitArenas(environment: environment)
        let configuration = try options.resolve(environment: environment)
        let logger = LoggingSetup.bootstrap(format: options.logFormat(environment: environment), level: options.logLevel ?? environment["HEADROOM_LOG_LEVEL"] ?? "warning")
        var planConfiguration = configuration
        planConfiguration.leaseTable = nil
        planConfiguration.journalPath = nil
        let daemon = try await Daemon.start(configuration: planConfiguration, holder: "plan", environment: environment, logger: logger, readOnly: true)
        let report = try await daemon.reconcileOnce(actuate: false)
        switch output {
        case .table: PlanPrinter.printTable(report, dryRun: true)
        case .json: try PlanPrinter.printJSON(report)
        }
        if !report.failures.isEmpty { throw ExitCode(2) }
    }
}
