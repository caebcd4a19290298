import Foundation
import HeadroomTestSupport
import Testing

/// `headroom tune` and `headroom simulate --score-from` as a user runs them: the built binary
/// on the shipped files and on files written here.
@Suite("headroom tune")
struct TuneCommandTests {
    static let binary = HeadroomExecutable.url
    static let root = HeadroomExecutable.packageRoot
    static let trace = "simulations/traces/azure_functions2019_sample1250_1min.csv"
    static let scenario = "simulations/scenarios/queue-worker.yaml"
    static let baseline = "simulations/policies/aws-target-tracking.yaml"

    func run(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(Self.binary, arguments, currentDirectory: Self.root)
    }

    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-tune-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// What `--output-format json` printed, as an object.
    func json(_ outcome: ChildProcess.Outcome) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdoutText.utf8)) as? [String: Any], "\(outcome.stdoutText)")
    }

    func errorLines(_ outcome: ChildProcess.Outcome) -> [String] {
        outcome.stderrText.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Two days of one-minute steps, 20 minutes at 6,000 and 20 at 24,000 by turns: AWS's
    /// three-minute scale-out and fifteen-minute scale-in are short at every rise and dear at
    /// every fall, so a search of 64 candidates finds better.
    func squareWave(in folder: URL) throws -> String {
        let trace = folder.appendingPathComponent("square.csv")
        let rows = (0..<2880).map { "\($0 * 60),\(($0 / 20) % 2 == 0 ? 6000 : 24000)" }
        try ("timestamp,value\n" + rows.joined(separator: "\n") + "\n").write(to: trace, atomically: true, encoding: .utf8)
        return trace.path
    }

    @Test("writes a policy that policy check accepts, with windows, scores and the command in its header")
    func tunesAndWrites() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let report = folder.appendingPathComponent("tune.html").path
        let trace = try squareWave(in: folder)
        let outcome = try await run([
            "tune", "--trace", trace, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", output,
            "--budget", "64", "--seed", "3", "--report", report, "--output-format", "json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let object = try json(outcome)
        #expect(object["evaluated"] as? Int == 64)
        let behaviours = try #require(object["behaviours"] as? Int)
        #expect(behaviours >= 1 && behaviours <= 64)
        #expect(object["keptBaseline"] as? Bool == false)
        let fit = try #require(object["fit"] as? [String: Any]), validation = try #require(object["validation"] as? [String: Any])
        #expect(fit["steps"] as? Int == 1920 && validation["steps"] as? Int == 960)
        #expect(fit["until"] as? String == validation["from"] as? String)
        let scores = try #require(object["scores"] as? [String: Any])
        let fitScores = try #require(scores["fit"] as? [String: [String: Any]])
        let tunedCost = try #require(fitScores["tuned"]?["cost"] as? Double), baseCost = try #require(fitScores["baseline"]?["cost"] as? Double)
        #expect(tunedCost <= baseCost)
        let tunedUnder = try #require(fitScores["tuned"]?["underProvisionedSeconds"] as? Double)
        let baseUnder = try #require(fitScores["baseline"]?["underProvisionedSeconds"] as? Double)
        #expect(tunedUnder < baseUnder, "the search found a shorter policy at no more cost")
        // The cost margin the choice was held to, from the fitting part's quarters.
        let constraints = try #require(object["constraints"] as? [String: Any])
        #expect(constraints["costMarginDeviations"] as? Double == 2)
        let margin = try #require(object["costMargin"] as? [String: Any])
        let quarters = try #require(margin["fitQuarterCostRatios"] as? [Double])
        #expect(quarters.count == 4)
        let spread = try #require(margin["spread"] as? Double)
        #expect(tunedCost / baseCost + 2 * spread <= 1 + 1e-9)
        #expect(object["hindsight"] is NSNull, "candidates are scored on the validation part only when --hindsight asks")
        #expect(object["shortStretchWarning"] is NSNull, "quarters of 8 hours hold many scale-ins")
        #expect(object["startWarning"] is NSNull, "the first minute's demand is the next 19 minutes'")
        // Two days, a third of them kept for validation: 32 hours to fit on.
        let short = try #require(object["shortFittingWarning"] as? String)
        #expect(short.hasPrefix("the fitting part holds 1d 08h 00m, less than two days"))
        #expect(outcome.stderrText.contains("warning: \(short)"))
        // A warning exactly when the tuned policy broke a constraint on the validation part, or was short longer.
        let validationScores = try #require(scores["validation"] as? [String: [String: Any]])
        let tunedValidation = try #require(validationScores["tuned"]), baseValidation = try #require(validationScores["baseline"])
        let broke = try #require(tunedValidation["cost"] as? Double) > (try #require(baseValidation["cost"] as? Double))
            || (try #require(tunedValidation["scalingActions"] as? Int)) > 2 * (try #require(baseValidation["scalingActions"] as? Int))
            || (try #require(tunedValidation["underProvisionedSeconds"] as? Double)) > (try #require(baseValidation["underProvisionedSeconds"] as? Double))
        #expect((object["validationWarning"] is String) == broke)
        // The validation part quarter by quarter (16 hours, under two days), adding up to its scores.
        let stretches = try #require(object["validationStretches"] as? [String: Any])
        #expect(stretches["length"] as? String == "quarter")
        let validationQuarters = try #require(stretches["stretches"] as? [[String: Any]])
        #expect(validationQuarters.count == 4)
        #expect(validationQuarters.first?["from"] as? String == validation["from"] as? String)
        #expect(validationQuarters.last?["until"] as? String == validation["until"] as? String)
        let quarterUnder = validationQuarters.compactMap { ($0["tuned"] as? [String: Any])?["underProvisionedSeconds"] as? Double }.reduce(0, +)
        #expect(quarterUnder == (try #require(tunedValidation["underProvisionedSeconds"] as? Double)))
        let counts = ["shorter", "asShort", "longer"].compactMap { stretches[$0] as? Int }
        #expect(counts.count == 3 && counts.reduce(0, +) == 4)
        #expect(outcome.stderrText.contains("warning: on the validation part") == broke)

        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("# Tuned by `headroom tune`"))
        #expect(text.contains("# Fitted on:    0 until 115200 (1920 steps)"))
        #expect(text.contains("# Validated on: 115200 until 172800 (960 steps), which the search never read"))
        #expect(text.contains("# Reproduce: headroom tune --trace \(trace)"))
        #expect(!text.contains("No candidate beat the baseline"))
        // What the tuned file changes, in the JSON and as the file's header says it.
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(!changes.isEmpty)
        #expect(text.contains("# Changed from the baseline: \(changes.count) setting"))
        for change in changes {
            let setting = try #require(change["setting"] as? String)
            let line = "#   \(setting): \(change["baseline"] as? String ?? "none") → \(change["tuned"] as? String ?? "none")\n"
            #expect(text.contains(line), "\(line)")
        }
        #expect(text.contains("--cost-margin 2 --output"))
        #expect(text.contains("# Cost margin: cost × baseline by quarter of the fitting part: "))
        #expect(text.contains("# On the validation part by quarter, the tuned policy was short for less time than the baseline on \(counts[0]) of 4 quarters"))
        #expect(text.contains("Name: aws-target-tracking-tuned\nKind: headroom\n"))
        let check = try await run(["policy", "check", output])
        #expect(check.status == 0, "\(check.stderrText)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("Pareto front") && html.contains("class=\"front\"") && html.contains("class=\"chosen\""))
        #expect(html.contains("<h2>Changed from the baseline</h2>"))
        #expect(html.contains("<h2>The validation part, quarter by quarter</h2>"))
        // Its long values (a buffer, a warm pool written out) wrap instead of scrolling the table.
        #expect(html.contains("<table class=\"scores changes\">") && html.contains(".scores.changes td { white-space: normal;"))
        // Every change is a row, its setting breakable only at its dots.
        for change in changes {
            let setting = try #require(change["setting"] as? String)
            #expect(html.contains("<code>\(setting.replacingOccurrences(of: ".", with: ".<wbr>"))</code>"), "\(setting)")
        }
        #expect(html.components(separatedBy: "<circle").count - 1 >= 64)
        #expect(!html.contains("Candidates on the validation part, in hindsight"))

        // The header's command reproduces the file byte for byte, and --hindsight (every
        // candidate scored on the validation part afterwards) does not change it.
        let again = folder.appendingPathComponent("again.yaml").path
        let rerun = try await run([
            "tune", "--trace", trace, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", again,
            "--budget", "64", "--seed", "3", "--hindsight", "--report", folder.appendingPathComponent("hindsight.html").path,
        ])
        #expect(rerun.status == 0, "\(rerun.stderrText)")
        let hindsightHTML = try String(contentsOfFile: folder.appendingPathComponent("hindsight.html").path, encoding: .utf8)
        #expect(hindsightHTML.contains("Candidates on the validation part, in hindsight"))
        #expect(hindsightHTML.contains("cost on the validation part, × the baseline's"))
        // Both planes draw every candidate.
        #expect(hindsightHTML.components(separatedBy: "<circle").count - 1 >= 2 * 64)
        #expect(rerun.stdoutText.contains("hindsight:   of the 64 candidates scored on the validation part (a check of the search, not used to choose)"))
        // And the search on the validation part itself, drawn on a third plane.
        #expect(rerun.stdoutText.contains("a search of 64 candidates on the validation part itself (fitted on the test: evidence of reach, not a policy)"))
        #expect(hindsightHTML.contains("A search on the validation part itself"))
        #expect(rerun.stderrText.contains("hindsight: scoring the 64 candidates on the validation part, then searching it itself"))
        #expect(hindsightHTML.components(separatedBy: "<circle").count - 1 >= 3 * 64)
        let second = try String(contentsOfFile: again, encoding: .utf8)
        #expect(second.replacingOccurrences(of: again, with: output) == text)
    }

    @Test("a tuned policy dearer than the baseline on the validation part is written with a warning everywhere it is read")
    func warnsWhenTheFitDoesNotCarryOver() async throws {
        // One hour of LLM requests a second on VMs that boot in five minutes: 39 minutes of
        // fitting hold few of AWS's reactions, so what is cheaper there than AWS can be dearer
        // after, most readily under the plain cost limit (no margin).
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let report = folder.appendingPathComponent("tune.html").path
        let outcome = try await run([
            "tune", "--trace", "simulations/traces/azure_llm_conv_nov2023_1s.csv", "--scenario", "simulations/scenarios/vm-fleet.yaml",
            "--baseline", Self.baseline, "--output", output, "--report", report, "--budget", "16", "--seed", "6", "--cost-margin", "0",
            "--allow-short-fit", "--allow-uneven-fit", "--output-format", "json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        #expect(try json(outcome)["keptForShortFit"] as? Bool == false)
        #expect(try json(outcome)["keptForQuarterLoss"] is NSNull)
        let object = try json(outcome)
        let scores = try #require(object["scores"] as? [String: Any])
        let validation = try #require(scores["validation"] as? [String: [String: Any]])
        let tunedCost = try #require(validation["tuned"]?["cost"] as? Double), baseCost = try #require(validation["baseline"]?["cost"] as? Double)
        #expect(tunedCost > baseCost)
        let warning = try #require(object["validationWarning"] as? String)
        #expect(warning.hasPrefix("on the validation part the tuned policy had cost ×"))
        #expect(warning.contains("did not carry over"))
        // Said before the search too: the fitting part's quarters (10 minutes) are shorter than
        // AWS's scale-in (15 one-minute datapoints, then 5 minutes of cooldown).
        let stretches = try #require(object["shortStretchWarning"] as? String)
        #expect(stretches.hasPrefix("each quarter of the fitting part is 9m 43s, shorter than the baseline's slowest reaction (20m 00s"))
        #expect(stretches.contains("(--allow-short-fit: the search's choice is written anyway)"))
        // And that 39 minutes are far from two days.
        let short = try #require(object["shortFittingWarning"] as? String)
        #expect(short.hasPrefix("the fitting part holds 38m 55s, less than two days"))
        // And that the replay starts from the first second, one request, far below what follows.
        let start = try #require(object["startWarning"] as? String)
        #expect(start.hasPrefix("the replay starts with 2 units ready (the first step's demand; the scenario sets no initialUnits)"))
        #expect(start.hasSuffix("(initialUnits: 7)."))
        #expect(errorLines(outcome) == [
            "warning: \(short)", "warning: \(stretches)", "warning: \(start)",
            "searching 16 candidates on the fitting part's 2335 steps; Ctrl-C writes the best found so far", "warning: \(warning)",
        ])
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("# Warning: on the validation part the tuned policy had cost ×"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<p class=\"warning\">Warning: on the validation part"))
        #expect(html.contains("<p class=\"warning\">Warning: each quarter of the fitting part is 9m 43s"))
        #expect(html.contains("<p class=\"warning\">Warning: the fitting part holds 38m 55s, less than two days"))
        #expect(text.contains("# Warning: the fitting part holds 38m 55s, less than two days"))
        #expect(text.contains("# Warning: \(start)") && html.contains("<p class=\"warning\">Warning: the replay starts with 2 units ready"))
    }

    @Test("on quarters shorter than the baseline's slowest reaction, the baseline's settings are kept unless --allow-short-fit")
    func aShortFitKeepsTheBaseline() async throws {
        // The same one-hour trace and search as above, whose choice was dearer than AWS on the
        // validation part when written.
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let arguments = [
            "tune", "--trace", "simulations/traces/azure_llm_conv_nov2023_1s.csv", "--scenario", "simulations/scenarios/vm-fleet.yaml",
            "--baseline", Self.baseline, "--output", output, "--budget", "16", "--seed", "6", "--cost-margin", "0",
        ]
        let report = folder.appendingPathComponent("tune.html").path
        let kept = try await run(arguments + ["--output-format", "json", "--report", report])
        #expect(kept.status == 0, "\(kept.stderrText)")
        let object = try json(kept)
        #expect(object["keptBaseline"] as? Bool == true)
        #expect(object["keptForShortFit"] as? Bool == true)
        #expect((object["changes"] as? [Any])?.isEmpty == true, "every setting as the baseline has it")
        let scores = try #require(object["scores"] as? [String: Any])
        let validation = try #require(scores["validation"] as? [String: [String: Any]])
        #expect(validation["tuned"]?["cost"] as? Double == validation["baseline"]?["cost"] as? Double)
        #expect(validation["tuned"]?["underProvisionedSeconds"] as? Double == validation["baseline"]?["underProvisionedSeconds"] as? Double)
        let stretches = try #require(object["shortStretchWarning"] as? String)
        #expect(stretches.contains("so the tuned policy keeps the baseline's settings (--allow-short-fit writes the search's choice anyway)"))
        #expect(stretches.hasSuffix("A trace whose fitting part holds at least 1h 20m can be tuned."))
        #expect(object["validationWarning"] is NSNull, "the baseline's own settings cannot do worse than the baseline")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let reason = "The best candidate beat the baseline on the fitting part (under-provisioned "
        #expect(text.contains("# \(reason)"))
        #expect(text.contains("is shorter than the baseline's slowest reaction (20m 00s), too short to tell a gain that carries over from one that does not. The tuned policy keeps the baseline's settings. --allow-short-fit writes the candidate anyway."))
        #expect(!text.contains("--allow-short-fit --output"), "the Reproduce line has no flag it was not given")
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("<h2>The baseline was kept</h2><p>\(reason)"))
        let table = try await run(arguments)
        #expect(table.stdoutText.contains("kept:        \(reason)"))
        // The refit's whole trace has quarters of 14m 35s: kept too.
        let refitted = try await run(arguments + ["--refit", "--output-format", "json"])
        let refit = try #require(try json(refitted)["refit"] as? [String: Any])
        #expect(refit["keptBaseline"] as? Bool == true && refit["keptForShortFit"] as? Bool == true)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains(
            "# The best candidate beat the baseline on the whole trace (under-provisioned 4m 35s at ×0.636 of its cost, the baseline 10m 51s), "
                + "but each quarter of the whole trace (14m 35s) is shorter than the baseline's slowest reaction (20m 00s), too short to tell a gain "
                + "that carries over from one that does not. The refitted policy keeps the baseline's settings. --allow-short-fit writes the candidate anyway."))
    }

    @Test("a choice short longer than the baseline on a quarter of the fitting part keeps the baseline's settings unless --allow-uneven-fit")
    func anUnevenFitKeepsTheBaseline() async throws {
        // The search above, with the short-fit rule waived: its best beat AWS on the fitting
        // part (6m 27s against 9m 56s) and lost time to it on the third quarter.
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let report = folder.appendingPathComponent("tune.html").path
        let arguments = [
            "tune", "--trace", "simulations/traces/azure_llm_conv_nov2023_1s.csv", "--scenario", "simulations/scenarios/vm-fleet.yaml",
            "--baseline", Self.baseline, "--output", output, "--budget", "16", "--seed", "6", "--cost-margin", "0", "--allow-short-fit",
        ]
        let kept = try await run(arguments + ["--output-format", "json", "--report", report, "--refit"])
        #expect(kept.status == 0, "\(kept.stderrText)")
        let object = try json(kept)
        #expect(object["keptBaseline"] as? Bool == true && object["keptForShortFit"] as? Bool == false)
        let loss = try #require(object["keptForQuarterLoss"] as? [String: Any])
        #expect(loss["quarter"] as? Int == 3)
        #expect(loss["tunedUnderProvisionedSeconds"] as? Double == 18 && loss["baselineUnderProvisionedSeconds"] as? Double == 2)
        #expect((loss["window"] as? [String: Any])?["from"] as? String == "1167")
        let reason =
            "The best candidate beat the baseline on the fitting part (under-provisioned 6m 27s at ×0.545 of its cost, the baseline 9m 56s), "
            + "but on quarter 3 of the fitting part, 1167 until 1751 (584 steps), it was under-provisioned 18 s against the baseline's 2 s: "
            + "a gain that does not hold on every stretch of the fitting part is unlikely to hold on later traffic."
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("# \(reason) The policy validated keeps the baseline's settings; the refit below is what was written. --allow-uneven-fit writes the candidate anyway."))
        let escaped = reason.replacingOccurrences(of: "'", with: "&#39;")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<h2>The validated search kept the baseline</h2><p>\(escaped)"))
        // The refit on the whole trace loses time on its second quarter: kept too, and said.
        let refit = try #require(object["refit"] as? [String: Any])
        #expect(refit["keptBaseline"] as? Bool == true)
        #expect((refit["keptForQuarterLoss"] as? [String: Any])?["quarter"] as? Int == 2)
        let refitReason =
            "The best candidate beat the baseline on the whole trace (under-provisioned 4m 35s at ×0.636 of its cost, the baseline 10m 51s), "
            + "but on quarter 2 of the whole trace, 875 until 1751 (876 steps), it was under-provisioned 17 s against the baseline's 4 s: "
            + "a gain that does not hold on every stretch of the whole trace is unlikely to hold on later traffic. "
            + "The refitted policy keeps the baseline's settings. --allow-uneven-fit writes the candidate anyway."
        #expect(text.contains("# \(refitReason)"))
        #expect(!text.contains("--allow-uneven-fit --"), "the Reproduce line has no flag it was not given")
        #expect(html.contains("<p>\(refitReason.replacingOccurrences(of: "'", with: "&#39;"))"))
        let table = try await run(arguments)
        #expect(table.stdoutText.contains("kept:        \(reason) The tuned policy keeps the baseline's settings. --allow-uneven-fit writes the candidate anyway."))

        // The same search with the flag writes its choice, and says how to reproduce it.
        let written = try await run(arguments + ["--allow-uneven-fit", "--output-format", "json"])
        #expect(written.status == 0, "\(written.stderrText)")
        #expect(try json(written)["keptBaseline"] as? Bool == false)
        #expect(try json(written)["keptForQuarterLoss"] is NSNull)
        #expect((try json(written)["changes"] as? [Any])?.isEmpty == false)
        #expect(try String(contentsOfFile: output, encoding: .utf8).contains("--allow-short-fit --allow-uneven-fit --output"))
    }

    @Test("Ctrl-C ends the search and writes the best policy found so far, saying it was interrupted")
    func interruptWritesTheBestSoFar() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let candidates = folder.appendingPathComponent("candidates.csv").path
        let root = Self.root.path
        // A budget no test waits for: only Ctrl-C ends this search.
        let process = try BackgroundProcess.start(Self.binary, [
            "tune", "--trace", try squareWave(in: folder), "--scenario", "\(root)/\(Self.scenario)", "--baseline", "\(root)/\(Self.baseline)",
            "--output", output, "--budget", "10000000", "--seed", "3", "--hindsight", "--candidates", candidates,
        ], environment: ProcessInfo.processInfo.environment)
        defer { Task { await process.stop() } }
        // Ctrl-C is trapped before this line is written.
        let deadline = ContinuousClock.now + .seconds(60)
        while !process.output.contains("Ctrl-C writes the best found so far"), process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(process.isRunning, "\(process.outputTail())")
        try await Task.sleep(for: .milliseconds(300))
        process.send(SIGINT)
        let exit = await process.waitForExit(timeout: .seconds(120))
        #expect(exit == .status(0), "\(process.outputTail())")
        let log = process.output
        #expect(log.contains("interrupted: finishing the candidates in flight, then writing the best found so far"))
        #expect(log.contains("hindsight: skipped, the search was interrupted"))
        #expect(log.contains("(interrupted)") && log.contains("wrote \(output)"))
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains(", interrupted: the best found so far."))
        #expect(!text.contains("10000000 candidates simulated"))
        // Every candidate simulated before Ctrl-C is in the table, the baseline first, one chosen.
        let simulated = try #require(text.split(separator: "\n").first { $0.contains(" candidates simulated, ") })
        let count = try #require(Int(simulated.dropFirst(2).prefix { $0.isNumber }))
        let rows = try String(contentsOfFile: candidates, encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(count > 0 && rows.count == count + 1, "\(simulated)")
        #expect(rows.filter { $0.split(separator: ",", omittingEmptySubsequences: false)[3] == "1" }.count == 1)
    }

    @Test("when no candidate beats the baseline on the fitting part, the tuned file keeps the baseline's settings and says why")
    func keepsTheBaseline() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let report = folder.appendingPathComponent("tune.html").path
        let candidates = folder.appendingPathComponent("candidates.csv").path
        // On this day AWS is short only in the first two minutes, which no policy avoids, and
        // none of 64 candidates is as short for less.
        let outcome = try await run([
            "tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", output,
            "--budget", "64", "--seed", "3", "--report", report, "--output-format", "json", "--candidates", candidates,
        ])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let object = try json(outcome)
        #expect(object["keptBaseline"] as? Bool == true)
        // In the candidates' table too, the baseline's row is the chosen one.
        let chosenRows = try String(contentsOfFile: candidates, encoding: .utf8).split(separator: "\n").dropFirst()
            .filter { $0.split(separator: ",", omittingEmptySubsequences: false)[3] == "1" }
        #expect(chosenRows.count == 1 && chosenRows.first?.hasPrefix("baseline,baseline,,1,") == true, "\(chosenRows)")
        let scores = try #require(object["scores"] as? [String: [String: [String: Any]]])
        for part in ["fit", "validation"] {
            let tuned = try #require(scores[part]?["tuned"]), baseline = try #require(scores[part]?["baseline"])
            #expect(tuned["underProvisionedSeconds"] as? Double == baseline["underProvisionedSeconds"] as? Double, "\(part)")
            #expect(tuned["cost"] as? Double == baseline["cost"] as? Double, "\(part)")
        }
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("# No candidate beat the baseline on the fitting part within the constraints: the best was under-provisioned"))
        #expect(text.contains("# Changed from the baseline: nothing (every setting as the baseline has it, written out)\n"))
        #expect((object["changes"] as? [Any])?.isEmpty == true)
        #expect(text.contains("Name: aws-target-tracking-tuned\nKind: headroom\n"))
        #expect(text.contains("Datapoints: 15"), "AWS's 15-datapoint scale-in, kept")
        let check = try await run(["policy", "check", output])
        #expect(check.status == 0, "\(check.stderrText)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("The baseline was kept") && !html.contains("class=\"chosen\""))

        let table = try await run([
            "tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", output,
            "--budget", "64", "--seed", "3",
        ])
        #expect(table.stdoutText.contains("kept:        No candidate beat the baseline"), "\(table.stdoutText)")
    }

    @Test("a trace too short to split: one line, exit 1, nothing written")
    func tooShort() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = folder.appendingPathComponent("short.csv")
        try ("timestamp,value\n" + (0..<300).map { "\($0 * 60),\(100 + $0 % 7)" }.joined(separator: "\n") + "\n").write(to: trace, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("tuned.yaml")
        let outcome = try await run([
            "tune", "--trace", trace.path, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", output.path, "--budget", "5",
        ])
        #expect(outcome.status != 0)
        #expect(errorLines(outcome).count == 1)
        #expect(outcome.stderrText.contains("trace too short to split: it has 300 steps"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("a baseline that fails policy check is named with its line")
    func badBaseline() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("base.yaml")
        try "Name: b\nMinCapacity: 1\nMaxCapacity: 10\nTargetTracking:\n  Metrics:\n    - Name: cpu\n      TargetValue: sixty\n".write(
            to: baseline, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("tuned.yaml")
        let outcome = try await run([
            "tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", baseline.path, "--output", output.path, "--budget", "5",
        ])
        #expect(outcome.status != 0)
        #expect(errorLines(outcome).count == 1)
        #expect(outcome.stderrText.contains("base.yaml:7:"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("an impossible constraint, and constraints nothing meets: said, nothing written")
    func constraints() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml")
        let base = ["tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", Self.baseline, "--output", output.path]
        let impossible = try await run(base + ["--budget", "5", "--max-cost-ratio", "0"])
        #expect(impossible.status != 0)
        #expect(errorLines(impossible).count == 1)
        #expect(impossible.stderrText.contains("impossible constraint: --max-cost-ratio must be a positive number"))
        let negative = try await run(base + ["--budget", "5", "--cost-margin=-1"])
        #expect(negative.status != 0)
        #expect(errorLines(negative).count == 1)
        #expect(negative.stderrText.contains("impossible constraint: --cost-margin must be 0 or more (found -1.0)"))
        let none = try await run(base + ["--budget", "32", "--max-actions-ratio", "0"])
        #expect(none.status != 0)
        #expect(none.stdoutText.contains("No candidate met the constraints on the fitting part; no policy was written."))
        #expect(none.stderrText.contains("no candidate met the constraints"))
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("a MaxCapacity below what the trace's peak needs is said before the search, with the fix, and in every output")
    func maxCapacityBelowThePeak() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        // One unit serves a tenth of the shipped scenario's load: the peak needs far more than 100.
        let scenario = folder.appendingPathComponent("small-units.yaml")
        let shipped = try String(contentsOf: Self.root.appendingPathComponent(Self.scenario), encoding: .utf8)
        try shipped.replacingOccurrences(of: "capacityPerUnit: 600", with: "capacityPerUnit: 60")
            .write(to: scenario, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("tuned.yaml").path
        let report = folder.appendingPathComponent("tuned.html").path
        let outcome = try await run([
            "tune", "--trace", Self.trace, "--scenario", scenario.path, "--baseline", Self.baseline, "--output", output, "--budget", "8",
            "--report", report, "--output-format", "json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let warnings = errorLines(outcome).filter { $0.hasPrefix("warning: on the whole trace, policy aws-target-tracking: MaxCapacity 100") }
        #expect(warnings.count == 1, "\(outcome.stderrText)")
        #expect(warnings.first?.contains("Raise MaxCapacity to at least") == true)
        // The steps counted are the whole trace's (both parts score them), not the fitting part's alone.
        let steps = try String(contentsOfFile: Self.root.appendingPathComponent(Self.trace).path, encoding: .utf8)
            .split(whereSeparator: \.isNewline).count - 1
        let grouped = steps.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        #expect(warnings.first?.contains(" of \(grouped) steps (") == true, "\(steps): \(warnings)")
        // The file and the report outlive the terminal: whoever reads them learns why every score is short.
        let message = try #require(try json(outcome)["capacityWarning"] as? String)
        #expect(warnings.first == "warning: \(message)")
        let header = try String(contentsOfFile: output, encoding: .utf8)
        #expect(header.contains("# Warning: \(message)"), "\(header)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("Warning: \(message.replacingOccurrences(of: "'", with: "&#39;"))"))
        // With the shipped scenario there is nothing to warn about but the day's length.
        let plain = try await run([
            "tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", Self.baseline,
            "--output", folder.appendingPathComponent("plain.yaml").path, "--budget", "8", "--output-format", "json",
        ])
        #expect(errorLines(plain).filter { $0.hasPrefix("warning:") } == [
            "warning: the fitting part holds 16h 00m, less than two days: the search cannot see a daily cycle twice (no daily forecast is searched), and what it fits may hold for this stretch of traffic only. Two weeks of history or more fits better."
        ])
        #expect(try json(plain)["capacityWarning"] is NSNull)
    }

    @Test("the default budget is the one BENCHMARKS.md measures, and --help says so")
    func defaultBudget() async throws {
        let help = try await run(["tune", "--help"])
        #expect(help.status == 0)
        let text = help.stdoutText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("--budget <budget> Candidate policies to simulate (3000: what BENCHMARKS.md measures;"), "\(text)")
        #expect(text.contains("(default: 3000)"))
    }

    @Test("an unwritable output path fails before the search, naming the path")
    func unwritable() async throws {
        let outcome = try await run([
            "tune", "--trace", Self.trace, "--scenario", Self.scenario, "--baseline", Self.baseline,
            "--output", "/nonexistent-headroom-dir/tuned.yaml", "--budget", "5",
        ])
        #expect(outcome.status != 0)
        #expect(errorLines(outcome) == ["Error: --output /nonexistent-headroom-dir/tuned.yaml: the directory /nonexistent-headroom-dir does not exist"])
    }

    @Test("simulate --score-from scores the window and names it; outside the trace it names the span")
    func scoreWindow() async throws {
        let arguments = [
            "simulate", "--trace", Self.trace, "--scenario", Self.scenario, "--policy", Self.baseline, "--output", "json",
        ]
        let windowed = try await run(arguments + ["--score-from", "57600"])
        #expect(windowed.status == 0, "\(windowed.stderrText)")
        let object = try json(windowed)
        let scored = try #require(object["scored"] as? [String: Any])
        #expect(scored["steps"] as? Int == 480)
        let whole = try await run(arguments)
        #expect(whole.stdoutText != windowed.stdoutText)
        let outside = try await run(arguments + ["--score-from", "90000"])
        #expect(outside.status != 0)
        #expect(errorLines(outside).count == 1)
        #expect(outside.stderrText.contains("--score-from 90000 is outside the trace 'azure_functions2019_sample1250_1min', which spans 0 to 86400 (1440 steps of 60 s)"))
    }
}
