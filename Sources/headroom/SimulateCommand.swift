import ArgumentParser
import CapacityCore
import Foundation
import PolicyFiles
import Simulator

/// `headroom simulate`: replay a load trace against policies and score them against the oracle.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a load trace against one or more policies and score them.",
        discussion: """
            Each policy runs through the same decision code as the daemon, against the physics \
            of a scenario (boot time, warm starts, metric lag, prices), and is scored against a \
            clairvoyant oracle: cost, cost ratio, under-provisioned time and the SPEC RG \
            elasticity metrics (shared/SIMULATION.md). Policies run in parallel.

            Without --trace, a demo runs from the repository root: the NASA-HTTP July 1995 \
            trace, the cpu-web-api scenario and every policy in simulations/policies/.

            Examples:
              headroom simulate
              headroom simulate --trace load.csv --scenario api.yaml \\
                --policy a.yaml --policy b.yaml
              headroom simulate --trace load.csv --scenario api.yaml --policy a.yaml \\
                --output json --timeline-dir timelines --report report.html

            --score-from and --score-until score part of the trace: the whole trace is still \
            replayed, so buffers, forecasts and cooldowns enter the window with their history, \
            but every score, the oracle's included, counts only the steps from --score-from \
            (inclusive) until --score-until (exclusive). A time is written as the trace writes \
            its timestamps: ISO-8601 UTC, or integer seconds (since the first step in an \
            ISO-8601 trace). This is how `headroom tune` proves a policy on time it never saw.

            A trace is a CSV with the header 'timestamp,value', one row per step of constant \
            length; timestamps are ISO-8601 UTC (2026-01-05T00:00:00Z) or integer seconds. \
            Every policy metric reads the simulated utilization of the observed step, in \
            percent. JSON output writes an infinite maxUtilization (load with no ready unit) \
            as "Infinity"; timeline CSVs write it as inf.
            """)

    @Option(name: .long, help: ArgumentHelp("The load trace (CSV: timestamp,value).", valueName: "file.csv"))
    var trace: String?

    @Option(name: .long, help: ArgumentHelp("The scenario: the physics of the service (YAML).", valueName: "file.yaml"))
    var scenario: String?

    @Option(name: .customLong("policy"), help: ArgumentHelp("A policy file; repeat for several (names must differ).", valueName: "file.yaml"))
    var policies: [String] = []

    @Option(name: .customLong("score-from"), help: ArgumentHelp("Score only steps at or after TIME (the replay still starts at the trace's first step).", valueName: "time"))
    var scoreFrom: String?

    @Option(name: .customLong("score-until"), help: ArgumentHelp("Score only steps before TIME.", valueName: "time"))
    var scoreUntil: String?

    @Option(name: .long, help: "How to print the scores.")
    var output: OutputFormat = .table

    @Option(name: .customLong("timeline-dir"), help: ArgumentHelp("Write DIR/NAME.csv, one per-step timeline per policy (DIR is created if missing).", valueName: "dir"))
    var timelineDirectory: String?

    @Option(name: .long, help: ArgumentHelp("Write a self-contained HTML report with charts.", valueName: "file.html"))
    var report: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    func validate() throws {
        if trace == nil, scenario != nil || !policies.isEmpty {
            throw ValidationError("--scenario and --policy need --trace; run without all three for the demo.")
        }
        if trace != nil, scenario == nil {
            throw ValidationError("--trace needs --scenario FILE.yaml.")
        }
        if trace != nil, policies.isEmpty {
            throw ValidationError("--trace needs at least one --policy FILE.yaml.")
        }
    }

    func run() async throws {
        let inputs = try trace == nil ? Inputs.demo() : Inputs(trace: trace!, scenario: scenario!, policies: policies)
        let loaded = try inputs.load()
        try SimulationRunner.checkNames(loaded.policies)
        for policy in loaded.policies {
            for metric in policy.metrics where metric.source != .simulatedUtilization {
                Self.note("policy '\(policy.name)': metric '\(metric.name)' reads the simulated utilization (%) here, not its own source")
            }
        }
        let timelineFiles = try timelineDirectory.map { directory in
            try loaded.policies.map { policy in try TimelineCSV.fileURL(for: policy.name, in: URL(fileURLWithPath: directory)) }
        }

        var simulation = try Simulation(trace: loaded.trace, scenario: loaded.scenario)
        if scoreFrom != nil || scoreUntil != nil {
            simulation = try simulation.scored(loaded.trace.steps(from: scoreFrom, until: scoreUntil))
        }
        let progress = RunProgress(total: simulation.trace.count * loaded.policies.count)
        let bar = isatty(2) == 1 ? Task { await ProgressBar.show(progress) } : nil
        let result: SimulationReport
        do {
            result = try await SimulationRunner.run(
                simulation, policies: loaded.policies,
                recordTimelines: timelineDirectory != nil || report != nil, progress: progress)
        } catch {
            bar?.cancel()
            await bar?.value
            throw error
        }
        bar?.cancel()
        await bar?.value

        try writeFiles(result, timelineFiles: timelineFiles)
        switch output {
        case .table: print(result.table(), terminator: "")
        case .json: print(result.json(), terminator: "")
        }
        if inputs.isDemo {
            Self.note("""

                Demo: \(loaded.trace.name) with scenario \(loaded.scenario.name) and the \(loaded.policies.count) policies in \
                \(Inputs.demoPolicies)/. Run your own:
                  headroom simulate --trace FILE.csv --scenario FILE.yaml --policy P.yaml [--policy P2.yaml ...]
                """)
        }
    }

    /// A line for the person at the terminal, on stderr so it stays out of piped output.
    private static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Timelines and the report, all or nothing.
    private func writeFiles(_ result: SimulationReport, timelineFiles: [URL]?) throws {
        var transaction = OutputTransaction(tag: "headroom-\(getpid())")
        do {
            if let timelineFiles, let timelineDirectory {
                try transaction.ensureDirectory(URL(fileURLWithPath: timelineDirectory))
                for (run, url) in zip(result.results, timelineFiles) {
                    guard let timeline = run.timeline else { continue }
                    try transaction.stage(TimelineCSV.render(timeline, of: result.simulation), at: url)
                }
            }
            if let report {
                try transaction.stage(Data(HTMLReport.render(result).utf8), at: URL(fileURLWithPath: report))
            }
            try transaction.commit()
        } catch {
            transaction.rollback()
            throw error
        }
    }
}

extension SimulateCommand {
    /// The files one `headroom simulate` reads, and the demo's defaults.
    struct Inputs {
        var trace: String
        var scenario: String
        var policies: [String]
        var isDemo = false

        static let demoTrace = "simulations/traces/nasa_http_jul1995_1min.csv"
        static let demoScenario = "simulations/scenarios/cpu-web-api.yaml"
        static let demoPolicies = "simulations/policies"

        /// The demo's files, relative to the current directory (the repository root).
        static func demo() throws -> Inputs {
            let manager = FileManager.default
            for path in [demoTrace, demoScenario, demoPolicies] where !manager.fileExists(atPath: path) {
                throw Failure("the demo runs from the repository root: \(path) not found in \(manager.currentDirectoryPath)")
            }
            let policies = try manager.contentsOfDirectory(atPath: demoPolicies)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
                .map { "\(demoPolicies)/\($0)" }
            guard !policies.isEmpty else { throw Failure("no policy files in \(demoPolicies)/") }
            return Inputs(trace: demoTrace, scenario: demoScenario, policies: policies, isDemo: true)
        }

        struct Loaded {
            var trace: Trace
            var scenario: SimulationScenario
            var policies: [CapacityPolicy]
        }

        /// Reads and validates every file; the first error names its file (and line where it has one).
        func load() throws -> Loaded {
            let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: trace), file: trace)
            let scenario = try ScenarioFileLoader.load(contentsOf: URL(fileURLWithPath: scenario))
            let policies = try policies.map { try PolicyFileLoader.load(contentsOf: URL(fileURLWithPath: $0)) }
            return Loaded(trace: trace, scenario: scenario, policies: policies)
        }
    }

    /// A command that cannot go on, with a message for the person who ran it.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// A progress bar on stderr, shown only once a run has taken more than a second.
    enum ProgressBar {
        static func show(_ progress: RunProgress) async {
            await ProgressLine.show {
                let fraction = await progress.fraction
                return "\(ProgressLine.bar(fraction)) \(Int(fraction * 100)) % simulated"
            }
        }
    }
}
