import Foundation
import HeadroomTestSupport
import Testing

/// `headroom tune --candidates FILE.csv`: every candidate the search tried, as the built binary
/// writes it.
@Suite("headroom tune --candidates")
struct TuneCandidatesTests {
    let cli = TuneCommandTests()

    /// The CSV as rows of named fields, and its header.
    func table(_ path: String) throws -> (header: [String], rows: [[String: String]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.first).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
        return (header, rows)
    }

    func number(_ row: [String: String], _ column: String) throws -> Double {
        try #require(row[column].flatMap(Double.init), "\(column) in \(row)")
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-9 * max(1, abs(a), abs(b))
    }

    static let fitColumns = [
        "fit_under_seconds", "fit_surge_under_seconds", "fit_cost", "fit_cost_ratio", "fit_cost_spread", "fit_last_quarter_cost_ratio",
        "fit_margined_cost_ratio", "fit_scaling_actions", "fit_meets_constraints",
    ]

    @Test("every candidate is a row: its scores are the ones the output reports, its flags follow the constraints, its knobs are the written policy's")
    func everyCandidate() async throws {
        let folder = try cli.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let candidates = folder.appendingPathComponent("candidates.csv").path
        let outcome = try await cli.run([
            "tune", "--trace", try cli.squareWave(in: folder), "--scenario", TuneCommandTests.scenario, "--baseline", TuneCommandTests.baseline,
            "--output", output, "--budget", "64", "--seed", "3", "--candidates", candidates, "--hindsight", "--output-format", "json",
        ])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let object = try cli.json(outcome)
        let (header, rows) = try table(candidates)
        #expect(Array(header.prefix(17)) == ["candidate", "phase", "same_as", "chosen"] + Self.fitColumns + [
            "validation_under_seconds", "validation_cost", "validation_scaling_actions", "validation_meets_constraints",
        ])
        #expect(header.count == 17 + 24, "a column per knob")
        #expect(header.contains("scale_in_stabilization") && header.contains("warm_pool_deviations"))
        #expect(rows.count == 1 + 64)
        #expect(rows.allSatisfy { $0.count == header.count })

        // The baseline first, with the scores the constraints are measured against.
        let scores = try #require(object["scores"] as? [String: [String: [String: Any]]])
        let baseline = rows[0]
        #expect(baseline["candidate"] == "baseline" && baseline["phase"] == "baseline" && baseline["chosen"] == "0")
        #expect(try close(number(baseline, "fit_cost"), try #require(scores["fit"]?["baseline"]?["cost"] as? Double)))
        #expect(try number(baseline, "fit_under_seconds") == (try #require(scores["fit"]?["baseline"]?["underProvisionedSeconds"] as? Double)))
        #expect(baseline["fit_cost_ratio"] == "1" && baseline["fit_meets_constraints"] == "1")
        #expect(try close(number(baseline, "validation_cost"), try #require(scores["validation"]?["baseline"]?["cost"] as? Double)))
        #expect(baseline["target_ratio"] == "", "the baseline is its own settings, not a point of the search space")

        // The chosen one: one row, whose scores are the reported ones and whose knobs the file holds.
        let candidateRows = Array(rows.dropFirst())
        #expect(candidateRows.map { $0["candidate"] } == (0..<64).map { String($0) })
        let chosen = candidateRows.filter { $0["chosen"] == "1" }
        #expect(chosen.count == 1)
        let tuned = try #require(chosen.first)
        #expect(try close(number(tuned, "fit_cost"), try #require(scores["fit"]?["tuned"]?["cost"] as? Double)))
        #expect(try number(tuned, "fit_under_seconds") == (try #require(scores["fit"]?["tuned"]?["underProvisionedSeconds"] as? Double)))
        #expect(try number(tuned, "validation_under_seconds") == (try #require(scores["validation"]?["tuned"]?["underProvisionedSeconds"] as? Double)))
        #expect(try close(number(tuned, "validation_cost"), try #require(scores["validation"]?["tuned"]?["cost"] as? Double)))
        let policy = try String(contentsOfFile: output, encoding: .utf8)
        #expect(policy.contains("\n  Tolerance: \(try #require(tuned["tolerance"]))\n"), "\(tuned)")
        let target = try number(tuned, "target_ratio") * 60
        #expect(policy.contains("\n    TargetValue: \(target == target.rounded() ? String(Int(target)) : String(target))\n"), "\(target)")

        // Flags that say what the constraints say of the columns beside them.
        let baseActions = try number(baseline, "fit_scaling_actions"), baseValidationCost = try number(baseline, "validation_cost")
        let baseValidationActions = try number(baseline, "validation_scaling_actions")
        for row in candidateRows {
            let meets = try number(row, "fit_margined_cost_ratio") <= 1 + 1e-9 && number(row, "fit_scaling_actions") <= 2 * baseActions
            #expect(row["fit_meets_constraints"] == (meets ? "1" : "0"), "\(row)")
            #expect(try number(row, "fit_margined_cost_ratio") >= number(row, "fit_cost_ratio") - 1e-12)
            let holds = try number(row, "validation_cost") <= baseValidationCost * (1 + 1e-12)
                && number(row, "validation_scaling_actions") <= 2 * baseValidationActions
            #expect(row["validation_meets_constraints"] == (holds ? "1" : "0"), "\(row)")
            #expect(row["phase"] == "random" || row["phase"] == "refinement")
        }
        #expect(candidateRows.contains { $0["fit_meets_constraints"] == "1" } && candidateRows.contains { $0["fit_meets_constraints"] == "0" })

        // Copies name the first candidate that behaved the same; the rest are the behaviours the output counts.
        var byIndex: [String: [String: String]] = [:]
        for row in candidateRows { byIndex[row["candidate"] ?? ""] = row }
        for row in candidateRows where row["same_as"] != "" {
            let original = try #require(byIndex[row["same_as"] ?? ""])
            #expect(try #require(Int(original["candidate"] ?? "")) < (try #require(Int(row["candidate"] ?? ""))))
            #expect(original["same_as"] == "")
            for column in Self.fitColumns { #expect(row[column] == original[column], "\(column)") }
        }
        let originals = candidateRows.filter { $0["same_as"] == "" }
        #expect(originals.count == (try #require(object["behaviours"] as? Int)))
        #expect(Set(originals.map { row in Self.fitColumns.map { row[$0] ?? "" } }).count == originals.count)
    }

    @Test("written without --hindsight (no validation columns) and when nothing meets the constraints, when the policy is not")
    func withoutAPolicy() async throws {
        let folder = try cli.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let candidates = folder.appendingPathComponent("candidates.csv").path
        let outcome = try await cli.run([
            "tune", "--trace", TuneCommandTests.trace, "--scenario", TuneCommandTests.scenario, "--baseline", TuneCommandTests.baseline,
            "--output", output, "--budget", "32", "--max-actions-ratio", "0", "--candidates", candidates,
        ])
        #expect(outcome.status != 0)
        #expect(!FileManager.default.fileExists(atPath: output))
        let (header, rows) = try table(candidates)
        #expect(!header.contains { $0.hasPrefix("validation_") })
        #expect(rows.count == 1 + 32)
        #expect(rows.allSatisfy { $0["chosen"] == "0" && $0["fit_meets_constraints"] == "0" })
    }

    @Test("an unwritable --candidates path, or one that is also --output, fails before the search")
    func badPaths() async throws {
        let base = [
            "tune", "--trace", TuneCommandTests.trace, "--scenario", TuneCommandTests.scenario, "--baseline", TuneCommandTests.baseline,
            "--budget", "5",
        ]
        let folder = try cli.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("tuned.yaml").path
        let missing = try await cli.run(base + ["--output", output, "--candidates", "/nonexistent-headroom-dir/c.csv"])
        #expect(missing.status != 0)
        #expect(cli.errorLines(missing) == ["Error: --candidates /nonexistent-headroom-dir/c.csv: the directory /nonexistent-headroom-dir does not exist"])
        let same = try await cli.run(base + ["--output", output, "--candidates", output])
        #expect(same.status != 0)
        #expect(cli.errorLines(same) == ["Error: --candidates \(output) is also --output; name another file"])
        #expect(!FileManager.default.fileExists(atPath: output))
    }
}
