import ArgumentParser
import CapacityCore
import Foundation
import PolicyFiles
import Simulator
import Tuning
import UnixSignals

/// `headroom tune`: fit a policy to a service's recorded traffic, and prove it on later traffic
/// the search never saw.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Fit a policy to a recorded trace, and prove it on the part the search never saw.",
        discussion: """
            The trace is cut by time: the search simulates candidate policies on the first part \
            only (by default the first two thirds); then the chosen policy and the baseline are \
            both replayed over the whole trace and scored on the last part alone, as \
            `headroom simulate --score-from` does. Those validation scores are the result, \
            in total and day by day (quarter by quarter under two days), so you can see whether \
            a gain holds on most of that time or comes from one stretch of it.

            Objective: the least under-provisioned time on the fitting part, with cost at most \
            --max-cost-ratio × the baseline's and scaling actions at most --max-actions-ratio × \
            the baseline's there. Of equally short candidates, the one that would have been \
            short least with \(FittingMeter.surgePercent) % more load on every step wins, then the cheaper: the cheapest \
            is the one that ran closest to the demand, and later traffic finds it short first. \
            When no candidate meets the constraints, no policy is written (a --report or \
            --candidates file still is: it shows how close the search came). When each quarter \
            of the fitting part is shorter than the baseline's slowest reaction (a scale-in or a \
            boot; under 80 minutes of fitting against AWS target tracking), the tuned policy \
            keeps the baseline's settings and the output names what the search found: too short \
            to tell a gain from luck (--allow-short-fit writes it anyway). It keeps them too \
            when the search's choice, though it beat the baseline on the whole fitting part, \
            was under-provisioned longer than the baseline on one of its quarters: a gain that \
            does not hold on every stretch is unlikely to hold on later traffic \
            (--allow-uneven-fit writes it anyway).

            Cost margin: a candidate's cost ratio to the baseline is also measured on each \
            quarter of the fitting part, and its ratio on the whole part plus --cost-margin × \
            the standard deviation of those four ratios must stay within --max-cost-ratio, so \
            a policy whose cost against the baseline swings from one stretch of traffic to the \
            next keeps that much below the limit (later traffic is one more stretch). Its ratio \
            on the last quarter, the traffic nearest the time after it, is held to the same \
            limit with the same margin. The output says what the margin was for the chosen \
            policy; --cost-margin 0 turns it off.

            The search turns every knob of a Headroom policy within fixed bounds (docs/TUNING.md \
            lists them; the report shows them with the chosen values): the target value (as a \
            multiple of the baseline's), tolerance, scale-out and scale-in alarms, stabilization \
            windows, cooldowns, rate limits, instance warm-up, the volatility buffer, the seasonal \
            forecast (seasons the fitting part holds twice), and a warm pool (Auto Scaling groups \
            and simulations, when a warm start is faster than a boot). It samples at random, then \
            refines around the best candidates. --budget counts candidate policies; --seed makes \
            a run reproducible; candidates run on every core. Ctrl-C stops the search and writes \
            the best policy found so far.

            To deploy: --refit runs the same search again on the whole trace once the validation \
            is done, and writes that policy, which has seen the most recent traffic too. The \
            validation then says how well the search carries over to time it never saw. Judged \
            on later traffic that neither read, the refitted policy met the goals on 90 of 152 \
            benchmark pairs, the one fitted on the first part alone on 82; on the 108 of them made \
            only to judge it (not the draws it was first tried on), 61 against 60: no worse, better \
            mostly where traffic grows (BENCHMARKS.md, "Session 15").

            The written policy keeps what you own from the baseline file (Target, Region, \
            MinCapacity, MaxCapacity, ScheduledActions, metric names and sources, DisableScaleIn, \
            Fallback) and starts with a comment holding both windows, both policies' scores on \
            each, every setting it changes from the baseline, and the command that reproduces \
            it. Check it with `headroom policy check`.

            Examples:
              headroom trace export ... --from now-28d --step 1m --output api.csv
              headroom tune --trace api.csv --scenario api-scenario.yaml \\
                --baseline policies/api.yaml --output policies/api-tuned.yaml \\
                --report tune.html
              headroom tune --trace api.csv --scenario s.yaml --baseline b.yaml \\
                --output t.yaml --validate-last 7d --budget 3000 --seed 7 \\
                --max-cost-ratio 0.95 --cost-margin 3
            """)

    @Option(name: .long, help: ArgumentHelp("The recorded load (CSV: timestamp,value), at least 500 steps; two days or more to fit on, or tune warns.", valueName: "file.csv"))
    var trace: String

    @Option(name: .long, help: ArgumentHelp("The scenario: the physics of the service (YAML).", valueName: "file.yaml"))
    var scenario: String

    @Option(name: .long, help: ArgumentHelp("The policy to beat and start from (a target-tracking policy file).", valueName: "policy.yaml"))
    var baseline: String

    @Option(name: .long, help: ArgumentHelp("Where to write the tuned policy (written only if a candidate meets the constraints).", valueName: "file.yaml"))
    var output: String

    @Option(
        name: .customLong("validate-last"),
        help: ArgumentHelp("How much of the trace's end to keep for validation: a fraction (0.25, 1/3) or a duration (12h, 7d).", valueName: "fraction|duration"))
    var validateLast = "1/3"

    @Option(help: "Candidate policies to simulate (3000: what BENCHMARKS.md measures; about 6 s on 27 days of one-minute steps on 2 cores).")
    var budget = 3000

    @Option(help: "Seed of the search: the same seed and inputs give the same policy.")
    var seed: UInt64 = 1

    @Option(name: .customLong("max-cost-ratio"), help: "Cost at most this × the baseline's on the fitting part.")
    var maxCostRatio = 1.0

    @Option(name: .customLong("max-actions-ratio"), help: "Scaling actions at most this × the baseline's on the fitting part.")
    var maxActionsRatio = 2.0

    @Option(
        name: .customLong("cost-margin"),
        help: "Keep cost, on the whole fitting part and on its last quarter, this many standard deviations of the candidate's quarter-to-quarter cost ratio below --max-cost-ratio (0: no margin; 1 trades that safety for less under-provisioned time).")
    var costMargin = 2.0

    @Flag(
        name: .customLong("allow-short-fit"),
        help: ArgumentHelp(
            "Write the search's choice even when each quarter of the fitting part is shorter than the baseline's slowest reaction.",
            discussion: "By default the tuned policy then keeps the baseline's settings: stretches shorter than one scale-in or boot cannot show what a policy costs against the baseline, nor tell a gain that carries over from luck. On one-hour one-second traces, choices written anyway were short longer or dearer than AWS target tracking on the later part 22 times in 25 (docs/TUNING.md)."))
    var allowShortFit = false

    @Flag(
        name: .customLong("allow-uneven-fit"),
        help: ArgumentHelp(
            "Write the search's choice even when it was under-provisioned longer than the baseline on a quarter of the fitting part.",
            discussion: "By default the tuned policy then keeps the baseline's settings, and the output names the quarter and both times. On two draws of six-hour one-second traces made after the check was measured, choices written anyway were short longer or dearer than AWS target tracking on the later part 7 times in 11; with the check, once in the 1 still written, at the price of the 4 that were gains (docs/TUNING.md)."))
    var allowUnevenFit = false

    @Option(name: .long, help: ArgumentHelp("The tuned policy's Name (default: the baseline's name with -tuned).", valueName: "name"))
    var name: String?

    @Option(name: .long, help: ArgumentHelp("Write an HTML report: every candidate, the Pareto front, validation timelines.", valueName: "file.html"))
    var report: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write every candidate the search tried as CSV: its scores on the fitting part, its knob values, and with --hindsight its scores on the validation part.",
            discussion: "The baseline is the first row; `same_as` names the first candidate that behaved identically, `chosen` marks the search's choice (the written policy; with --refit, the validated one). For studying the trade-off in a notebook, not for picking a policy by its validation scores.",
            valueName: "file.csv"))
    var candidates: String?

    @Option(name: .customLong("output-format"), help: "How to print the result.")
    var outputFormat: SimulateCommand.OutputFormat = .table

    @Flag(
        help: ArgumentHelp(
            "Afterwards, score every candidate on the validation part, run the search again on that part itself, and print how the best of each did there.",
            discussion: "A check of the search itself: did its choice carry over to later traffic, or was the goal out of reach? The second search may look at the validation part, so its front shows how far the search space reaches there; where even it finds nothing short half as long as the baseline within the constraints, no choice could have met that goal. Both run after the choice and never change it: do not pick a policy from them, that would be tuning on the test. Costs about three more searches' time."))
    var hindsight = false

    @Flag(
        help: ArgumentHelp(
            "After validating, run the same search again on the whole trace and write that policy: fitted on the most recent traffic too.",
            discussion: "The validated policy never saw the last part of the trace, the traffic most like what it will serve next. With --refit the validation judges the search (its space, budget, seed and constraints) on time it never saw, and the written policy is what that same search finds on all of the trace. The refitted policy has no held-out score of its own; the output shows its scores on the whole trace beside the validation. Costs one more search, on the longer trace. --report and --candidates still show the validated search."))
    var refit = false

    func validate() throws {
        guard ValidationSpan(parsing: validateLast) != nil else {
            throw ValidationError("--validate-last '\(validateLast)' is neither a fraction (0.25, 1/3) nor a duration with a unit (3600s, 90m, 12h, 7d)")
        }
        guard budget >= 1 else { throw ValidationError("--budget must be at least 1 (found \(budget))") }
    }

    func run() async throws {
        try OutputCheck.writable(output, option: "--output")
        if let report { try OutputCheck.writable(report, option: "--report") }
        if let candidates { try OutputCheck.writable(candidates, option: "--candidates") }
        try OutputCheck.distinct([("--output", output), ("--report", report), ("--candidates", candidates)])
        let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: trace), file: trace)
        let scenario = try ScenarioFileLoader.load(contentsOf: URL(fileURLWithPath: scenario))
        // Read once: the same text is validated here and rewritten into the tuned file.
        let baselineText = try PolicyText.read(baseline)
        let baselinePolicy = try PolicyFileLoader.load(yaml: baselineText, path: baseline)
        let tuner = try Tuner(
            trace: trace, scenario: scenario, baseline: baselinePolicy, validateLast: ValidationSpan(parsing: validateLast)!,
            constraints: TuningConstraints(
                maxCostRatio: maxCostRatio, maxActionsRatio: maxActionsRatio, costMarginDeviations: costMargin, allowsShortFit: allowShortFit,
                allowsUnevenFit: allowUnevenFit),
            budget: budget, seed: seed, tunedName: name)
        for warning in tuner.traceWarnings { Self.note("warning: \(warning)") }

        let result = try await searchWithProgress(
            "searching \(tuner.budget) candidates on the fitting part's \(tuner.split.fitSteps.count) steps; Ctrl-C writes the best found so far"
        ) { progress in await tuner.search(progress: progress) }
        var validation: TuningValidation?
        if let chosen = tuner.chosenPolicy(result) { validation = try await tuner.validate(policy: chosen) }
        var hindsightScores: TuningHindsight?
        if hindsight, result.interrupted {
            // Ctrl-C asked for the result now, not for another search's worth of replays.
            Self.note("hindsight: skipped, the search was interrupted")
        } else if hindsight {
            Self.note(
                "hindsight: scoring the \(result.candidates.count) candidates on the validation part, then searching it itself "
                    + "(about three searches' time; Ctrl-C skips it and writes the tuned policy)")
            hindsightScores = try await Self.cancellingOnInterrupt("\ninterrupted: skipping the hindsight scores, then writing the tuned policy") {
                try await tuner.hindsight(result, searching: true)
            }
            if hindsightScores == nil { Self.note("hindsight: interrupted, not shown") }
        }
        var refitted: TuningRefit?
        if refit, validation != nil {
            if result.interrupted {
                // Ctrl-C asked for the best found so far, not for another search.
                Self.note("refit: skipped, the search was interrupted; writing the policy fitted on the first part")
            } else {
                refitted = try await searchWithProgress(
                    "refitting: searching \(tuner.budget) candidates on the whole trace's \(tuner.trace.count) steps for the policy to write; Ctrl-C writes the best found so far"
                ) { progress in try await tuner.refit(progress: progress) }
            }
        }
        if let partial = refitted, partial.policy == nil, partial.search.interrupted {
            Self.note("refit: interrupted before a candidate met the constraints; writing the policy fitted on the first part")
            refitted = nil
        }
        // The policy the file holds: the refitted one when there is a refit.
        let written: CapacityPolicy? = if let refitted { refitted.policy } else { validation?.policy }
        var summary = TuningSummary(
            tuner: tuner, search: result, validation: validation, command: reproduction, outputPath: written == nil ? nil : output,
            hindsight: hindsightScores)
        summary.refit = refitted
        if let validation, let written {
            summary.changes = try TunedPolicyDocument.changes(
                baselineYAML: baselineText, baselinePath: baseline, baseline: baselinePolicy, tuned: written, reference: Date())
            let text = try TunedPolicyDocument.render(
                baselineYAML: baselineText, baselinePath: baseline, tuned: written, header: summary.headerLines, reference: Date())
            try write(
                policy: text,
                report: report.map { _ in
                    TuningReport.render(tuner, result, validation, command: reproduction, hindsight: hindsightScores, changes: summary.changes, refit: refitted)
                },
                candidates: candidates.map { _ in TuningCandidateTable.csv(tuner, result, hindsight: hindsightScores) })
        } else if report != nil || candidates != nil {
            // Nothing to deploy, but what the search tried says how far from the constraints it
            // got (or, when only the refit found nothing, what was validated).
            try write(
                policy: nil,
                report: report.map { _ in
                    TuningReport.render(tuner, result, validation, command: reproduction, hindsight: hindsightScores, refit: refitted)
                },
                candidates: candidates.map { _ in TuningCandidateTable.csv(tuner, result, hindsight: hindsightScores) })
        }
        if let warning = summary.validationWarning { Self.note("warning: \(warning)") }
        switch outputFormat {
        case .table: print(summary.table(), terminator: "")
        case .json: print(summary.json(), terminator: "")
        }
        guard validation != nil else {
            throw SimulateCommand.Failure(
                "no candidate met the constraints (\(summary.constraintsText)); \(output) was not written. Loosen --max-cost-ratio, --max-actions-ratio or --cost-margin, or raise --budget.")
        }
        guard written != nil else {
            throw SimulateCommand.Failure(
                "the refit found no candidate that met the constraints on the whole trace; \(output) was not written. Run without --refit to write the policy fitted on the first part.")
        }
    }

    /// Runs a search with a progress bar, saying `start` once Ctrl-C is trapped; Ctrl-C ends it
    /// with the best found so far.
    private func searchWithProgress<Result: Sendable>(
        _ start: String, _ search: @escaping @Sendable (TuningProgress) async throws -> Result
    ) async throws -> Result {
        let progress = TuningProgress(budget: budget)
        let bar = isatty(2) == 1 ? Task { await TuneProgressBar.show(progress) } : nil
        let result = try await Self.cancellingOnInterrupt(
            "\ninterrupted: finishing the candidates in flight, then writing the best found so far", listening: { Self.note(start) }
        ) {
            try await search(progress)
        }
        bar?.cancel()
        await bar?.value
        return result
    }

    /// Runs `operation` in a task that Ctrl-C cancels (saying `message` on stderr), and returns
    /// what it returns: the operation decides what a cancelled run gives back. `listening` is
    /// called once Ctrl-C is trapped, before the operation starts.
    private static func cancellingOnInterrupt<T: Sendable>(
        _ message: String, listening: () -> Void = {}, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let signals = await UnixSignalsSequence(trapping: .sigint)
        listening()
        let work = Task { try await operation() }
        let interrupt = Task {
            for await _ in signals {
                note(message)
                work.cancel()
                return
            }
        }
        defer { interrupt.cancel() }
        return try await work.value
    }

    /// The tuned policy, the report and the candidates, all or nothing.
    private func write(policy: String?, report text: String?, candidates table: String?) throws {
        var transaction = OutputTransaction(tag: "headroom-tune-\(getpid())")
        do {
            if let policy { try transaction.stage(Data(policy.utf8), at: URL(fileURLWithPath: output)) }
            if let text, let report { try transaction.stage(Data(text.utf8), at: URL(fileURLWithPath: report)) }
            if let table, let candidates { try transaction.stage(Data(table.utf8), at: URL(fileURLWithPath: candidates)) }
            try transaction.commit()
        } catch {
            transaction.rollback()
            throw error
        }
    }

    /// The command line that reproduces this run, every setting explicit.
    var reproduction: String {
        var words = ["headroom", "tune", "--trace", trace, "--scenario", scenario, "--baseline", baseline]
        words += ["--validate-last", validateLast, "--budget", String(budget), "--seed", String(seed)]
        words += ["--max-cost-ratio", TuningSearchSpace.Knob.text(maxCostRatio), "--max-actions-ratio", TuningSearchSpace.Knob.text(maxActionsRatio)]
        words += ["--cost-margin", TuningSearchSpace.Knob.text(costMargin)]
        if let name { words += ["--name", name] }
        if allowShortFit { words.append("--allow-short-fit") }
        if allowUnevenFit { words.append("--allow-uneven-fit") }
        if refit { words.append("--refit") }
        words += ["--output", output]
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:@%+,".contains($0) }
        return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Checks made before a long run, so it does not end in an error about where to write.
enum OutputCheck {
    /// No two of the files a run writes may be one file: the last staged would replace the others.
    static func distinct(_ outputs: [(option: String, path: String?)]) throws {
        var seen: [(option: String, path: String)] = []
        for case let (option, path?) in outputs {
            let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
            if let earlier = seen.first(where: { $0.path == standardized }) {
                throw SimulateCommand.Failure("\(option) \(path) is also \(earlier.option); name another file")
            }
            seen.append((option, standardized))
        }
    }

    /// `path` must name a file (not a directory) in an existing, writable directory.
    static func writable(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        let manager = FileManager.default
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SimulateCommand.Failure("\(option) \(path) is a directory; name a file")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard manager.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SimulateCommand.Failure("\(option) \(path): the directory \(parent) does not exist")
        }
        guard manager.isWritableFile(atPath: parent) else {
            throw SimulateCommand.Failure("\(option) \(path): the directory \(parent) is not writable")
        }
    }
}

/// A policy file's text, for rewriting.
enum PolicyText {
    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimulateCommand.Failure("\(path): cannot be read")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw SimulateCommand.Failure("\(path): not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }
}

/// The search's progress on stderr, shown once it has run a second.
enum TuneProgressBar {
    static func show(_ progress: TuningProgress) async {
        await ProgressLine.show {
            let done = await progress.evaluated
            let best = await progress.best
            let feasible = await progress.bestFeasible
            var line = "\(ProgressLine.bar(Double(done) / Double(Swift.max(1, progress.budget)))) \(done)/\(progress.budget) candidates"
            if let best {
                line += feasible ? " · best: under-provisioned \(Int(best.underSeconds / 60)) min" : " · none meets the constraints yet"
            }
            return line
        }
    }
}
