import Foundation
import HeadroomTestSupport
import Testing

/// `headroom tune --refit`: after the validation, the same search on the whole trace writes the
/// policy, as the built binary does it.
@Suite("headroom tune --refit")
struct TuneRefitTests {
    let cli = TuneCommandTests()

    func number(_ object: [String: Any]?, _ key: String) throws -> Double {
        let value = try #require(object?[key], "\(key) in \(String(describing: object))")
        return try #require((value as? Double) ?? (value as? Int).map(Double.init), "\(key): \(value)")
    }

    @Test("the written policy is the whole trace's fit: its scores there are the ones reported, and the validation is the same as without --refit")
    func writesTheWholeTracesFit() async throws {
        let folder = try cli.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = try cli.squareWave(in: folder)
        let validatedPath = folder.appendingPathComponent("validated.yaml").path
        let refittedPath = folder.appendingPathComponent("refitted.yaml").path
        let report = folder.appendingPathComponent("tune.html").path
        let common = ["tune", "--trace", trace, "--scenario", TuneCommandTests.scenario, "--baseline", TuneCommandTests.baseline, "--budget", "48", "--seed", "3"]
        let validated = try await cli.run(common + ["--output", validatedPath, "--output-format", "json"])
        #expect(validated.status == 0, "\(validated.stderrText)")
        let refitted = try await cli.run(common + ["--output", refittedPath, "--output-format", "json", "--refit", "--report", report])
        #expect(refitted.status == 0, "\(refitted.stderrText)")
        let plain = try cli.json(validated), object = try cli.json(refitted)
        #expect(plain["refit"] is NSNull)

        // The validation is the validated search's, unchanged by the refit that follows it.
        let scores = try #require(object["scores"] as? [String: [String: [String: Any]]])
        let plainScores = try #require(plain["scores"] as? [String: [String: [String: Any]]])
        for part in ["fit", "validation"] {
            for policy in ["tuned", "baseline"] {
                #expect(try number(scores[part]?[policy], "cost") == number(plainScores[part]?[policy], "cost"), "\(part) \(policy)")
                #expect(
                    try number(scores[part]?[policy], "underProvisionedSeconds") == number(plainScores[part]?[policy], "underProvisionedSeconds"))
            }
        }

        // The refit: the same budget on all 2,880 steps.
        let refit = try #require(object["refit"] as? [String: Any])
        let window = try #require(refit["fit"] as? [String: Any])
        #expect(window["steps"] as? Int == 2880 && window["from"] as? String == "0" && window["until"] as? String == "172800")
        #expect(refit["evaluated"] as? Int == 48)
        #expect(refit["interrupted"] as? Bool == false)
        let refitScores = try #require(refit["scores"] as? [String: [String: Any]])
        #expect(refitScores["tuned"]?["cost"] != nil)

        // What it reports on the whole trace is what the written file and the baseline do there.
        let simulated = try await cli.run([
            "simulate", "--trace", trace, "--scenario", TuneCommandTests.scenario, "--policy", TuneCommandTests.baseline,
            "--policy", refittedPath, "--output", "json",
        ])
        #expect(simulated.status == 0, "\(simulated.stderrText)")
        let results = try #require((try cli.json(simulated))["results"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: results.compactMap { result in (result["policy"] as? String).map { ($0, result["scores"] as? [String: Any]) } })
        for (name, key) in [("aws-target-tracking-tuned", "tuned"), ("aws-target-tracking", "baseline")] {
            for score in ["cost", "underProvisionedSeconds", "scalingActions"] {
                #expect(try number(byName[name] ?? nil, score) == number(refitScores[key], score), "\(name) \(score)")
            }
        }

        // The file says which policy it holds, and how to make it again.
        let text = try String(contentsOfFile: refittedPath, encoding: .utf8)
        #expect(text.contains("# Refitted on:  0 until 172800 (2880 steps), the whole trace, after the validation above"))
        #expect(text.contains("# The written policy is the refitted one. It has no held-out score of its own"))
        #expect(text.contains("# whole      aws-target-tracking-tuned"))
        #expect(text.contains("(the refitted policy, as written)"))
        #expect(text.contains("--cost-margin 2 --refit --output \(refittedPath)"))
        #expect(refitted.stderrText.contains("refitting: searching 48 candidates on the whole trace's 2880 steps"))
        let check = try await cli.run(["policy", "check", refittedPath])
        #expect(check.status == 0, "\(check.stderrText)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.contains("<h2>Refitted on the whole trace</h2>"))
        #expect(html.contains("<h2>Changed from the baseline in the refitted policy, as written</h2>"))

        // The written changes are the refitted policy's.
        let changes = try #require(object["changes"] as? [[String: Any]])
        for change in changes {
            let setting = try #require(change["setting"] as? String)
            #expect(text.contains("#   \(setting): \(change["baseline"] as? String ?? "none") → \(change["tuned"] as? String ?? "none")\n"), "\(setting)")
        }

        // The printed table: the validation first, then the refit and the written policy's changes.
        let table = try await cli.run(common + ["--output", folder.appendingPathComponent("table.yaml").path, "--refit"])
        #expect(table.status == 0, "\(table.stderrText)")
        let lines = table.stdoutText.split(separator: "\n").map(String.init)
        let validationLine = try #require(lines.firstIndex { $0.hasPrefix("on the validation part:") })
        let refitLine = try #require(lines.firstIndex { $0.hasPrefix("refitted on  0 until 172800 (2880 steps), the whole trace") })
        let changedLine = try #require(lines.firstIndex { $0.hasPrefix("changed:") })
        #expect(validationLine < refitLine && refitLine < changedLine)
        #expect(lines.contains { $0.hasPrefix("whole      aws-target-tracking-tuned") })
        #expect(lines[changedLine].hasSuffix("(the refitted policy, as written)"))
    }
}
