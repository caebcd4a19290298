import CapacityCore
import Foundation
import PolicyFiles
import Testing

@testable import Simulator

@Suite struct OutputTests {
    private static func scores(ratio: Double, under: Double, maxUtilization: Double = 0.5) -> SimulationScores {
        SimulationScores(
            cost: 10 * ratio, oracleCost: 10, costRatio: ratio, underProvisionedSeconds: under, thetaU: 1, thetaO: 2,
            tauU: 3, tauO: 4, unitStepsShort: 5, scalingActions: 6, maxUtilization: maxUtilization)
    }

    private static func report(_ runs: [(String, SimulationScores)]) throws -> SimulationReport {
        let simulation = try Simulation(trace: minuteTrace([10, 20]), scenario: handScenario())
        return SimulationReport(
            simulation: simulation,
            results: runs.map { PolicyRun(policyName: $0.0, policyKind: .headroom, scores: $0.1, timeline: nil) })
    }

    @Test func jsonHasTheAgreedShapeAndOrder() throws {
        let simulation = try Simulation(trace: minuteTrace([0, 5, 50, 5], name: "spiky"), scenario: handScenario(minUnits: 0))
        let report = SimulationReport(
            simulation: simulation,
            results: [simulation.run(BaselinePolicies.headroom()), simulation.run(BaselinePolicies.fixed(units: 0, bounds: .init(min: 0, max: 5)))])
        let json = report.json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["trace", "scenario", "steps", "stepSeconds", "scored", "capacityWarnings", "results"])
        let scored = try #require(object["scored"] as? [String: Any])
        #expect(scored["from"] as? String == "0" && scored["until"] as? String == "240" && scored["steps"] as? Int == 4)
        #expect(object["trace"] as? String == "spiky")
        #expect(object["scenario"] as? String == "hand")
        #expect(object["steps"] as? Int == 4)
        #expect(object["stepSeconds"] as? Int == 60)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.map { $0["policy"] as? String } == ["headroom", "static"])
        let names = [
            "cost", "oracleCost", "costRatio", "underProvisionedSeconds", "thetaU", "thetaO", "tauU", "tauO",
            "unitStepsShort", "scalingActions", "maxUtilization",
        ]
        for result in results {
            #expect(Set(result.keys) == ["policy", "scores"])
            let scores = try #require(result["scores"] as? [String: Any])
            #expect(Set(scores.keys) == Set(names))
        }
        // The static policy holds 0 units under load: its max utilization is infinite, written "Infinity".
        let staticScores = try #require(results[1]["scores"] as? [String: Any])
        #expect(staticScores["maxUtilization"] as? String == "Infinity")
        #expect((staticScores["underProvisionedSeconds"] as? NSNumber)?.doubleValue == 180)
        #expect(staticScores["unitStepsShort"] as? Int == 1 + 5 + 1)

        // Keys appear in the documented order.
        let order = ["\"trace\"", "\"scenario\"", "\"steps\"", "\"stepSeconds\"", "\"capacityWarnings\"", "\"results\""]
        let positions = order.map { json.range(of: $0)!.lowerBound }
        #expect(positions == positions.sorted())
        let scorePositions = names.map { json.range(of: "\"\($0)\"")!.lowerBound }
        #expect(scorePositions == scorePositions.sorted())
    }

    @Test func jsonEscapesNames() {
        #expect(JSONText.string("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\u0001\"")
    }

    @Test func tableMarksTheCheapestOfTheLeastUnderProvisioned() throws {
        // "cheap" has the best ratio but more under-provisioned time; of the two with the least
        // (60 s), "lean" is cheaper than "safe".
        let report = try Self.report([
            ("cheap", Self.scores(ratio: 1.05, under: 600)),
            ("safe", Self.scores(ratio: 1.9, under: 60)),
            ("lean", Self.scores(ratio: 1.3, under: 60)),
        ])
        #expect(report.bestIndex == 2)
        let lines = report.table().split(separator: "\n").map(String.init)
        let rows = lines.dropLast()  // the footnote
        let marked = rows.filter { $0.hasPrefix("* ") }
        #expect(marked.count == 1)
        #expect(marked.first?.hasPrefix("* lean") == true)
        #expect(rows.contains { $0.hasPrefix("  cheap") })
        #expect(rows.contains { $0.hasPrefix("  oracle") })
        #expect(lines.last == "* lowest cost ratio among the policies with the least under-provisioned time")
    }

    @Test func tableColumnsAreAligned() throws {
        let report = try Self.report([
            ("a-rather-long-policy-name", Self.scores(ratio: 1.5, under: 86_400 * 3, maxUtilization: .infinity)),
            ("b", Self.scores(ratio: 12.25, under: 0)),
        ])
        let lines = report.table().split(separator: "\n").map(String.init)
        let rows = lines.dropLast().filter { $0.hasPrefix("  ") || $0.hasPrefix("* ") }
        #expect(rows.count == 4)  // header, oracle, two policies
        #expect(Set(rows.map(\.count)).count == 1)
        #expect(rows.contains { $0.contains("3d 00h 00m") && $0.hasSuffix("inf") })
        #expect(rows.contains { $0.hasPrefix("* b ") && $0.contains("12.250") })
    }

    @Test func duplicatePolicyNamesAreRefusedBeforeRunning() async throws {
        let simulation = try Simulation(trace: minuteTrace([10, 20]), scenario: handScenario())
        let policies = [BaselinePolicies.headroom(name: "x"), BaselinePolicies.fixed(name: "y"), BaselinePolicies.awsTargetTracking(name: "x")]
        await #expect(throws: SimulationError.self) {
            try await SimulationRunner.run(simulation, policies: policies)
        }
        do {
            try SimulationRunner.checkNames(policies)
            Issue.record("duplicate names accepted")
        } catch {
            #expect(error.description.contains("two policies are named 'x'"))
        }
        #expect(throws: SimulationError.self) { try SimulationRunner.checkNames([]) }
    }

    @Test func timelineFileNamesMustBeSafe() throws {
        let directory = URL(fileURLWithPath: "/tmp/out")
        #expect(try TimelineCSV.fileURL(for: "aws-target-tracking", in: directory).path == "/tmp/out/aws-target-tracking.csv")
        for bad in ["", ".", "..", "a/b", "../x"] {
            #expect(throws: SimulationError.self) { try TimelineCSV.fileURL(for: bad, in: directory) }
        }
    }

    @Test func outputTransactionLeavesNothingBehindOnError() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let timelines = root.appendingPathComponent("timelines")
        var transaction = OutputTransaction(tag: "test")
        try transaction.ensureDirectory(timelines)
        try transaction.stage(Data("a".utf8), at: timelines.appendingPathComponent("a.csv"))
        try transaction.stage(Data("b".utf8), at: timelines.appendingPathComponent("b.csv"))
        // The report goes to a directory that does not exist: the whole set fails.
        #expect(throws: SimulationError.self) {
            try transaction.stage(Data("<html>".utf8), at: root.appendingPathComponent("missing/report.html"))
        }
        transaction.rollback()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func outputTransactionCommitsEveryFile() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let timelines = root.appendingPathComponent("timelines")
        var transaction = OutputTransaction(tag: "test")
        try transaction.ensureDirectory(timelines)
        try transaction.stage(Data("a".utf8), at: timelines.appendingPathComponent("a.csv"))
        try transaction.stage(Data("r".utf8), at: root.appendingPathComponent("report.html"))
        // Nothing is visible under its final name before the commit.
        #expect(!FileManager.default.fileExists(atPath: timelines.appendingPathComponent("a.csv").path))
        try transaction.commit()
        #expect(try String(contentsOf: timelines.appendingPathComponent("a.csv"), encoding: .utf8) == "a")
        #expect(try String(contentsOf: root.appendingPathComponent("report.html"), encoding: .utf8) == "r")
        #expect(try FileManager.default.contentsOfDirectory(atPath: timelines.path) == ["a.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["report.html", "timelines"])
    }

    @Test func outputTransactionCreatesMissingParentsAndRemovesThemOnRollback() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let timelines = root.appendingPathComponent("runs/2026-11-27/timelines")
        var transaction = OutputTransaction(tag: "test")
        try transaction.ensureDirectory(timelines)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: timelines.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        try transaction.stage(Data("a".utf8), at: timelines.appendingPathComponent("a.csv"))
        transaction.rollback()
        // Every directory it made is gone again; the one that existed before stays.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).isEmpty)
    }

    @Test func outputTransactionRefusesAFileAmongTheParents() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("runs")
        try Data().write(to: file)
        var transaction = OutputTransaction(tag: "test")
        #expect {
            try transaction.ensureDirectory(file.appendingPathComponent("timelines"))
        } throws: { error in
            "\(error)".contains(file.path) && "\(error)".contains("not a directory")
        }
    }

    @Test func outputTransactionRefusesAFileWhereADirectoryGoes() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("timelines")
        try Data().write(to: file)
        var transaction = OutputTransaction(tag: "test")
        #expect(throws: SimulationError.self) { try transaction.ensureDirectory(file) }
    }

    @Test func htmlReportIsSelfContainedWithASectionPerPolicy() throws {
        // Day 4 has a 2.5× spike for an hour: AWS falls short there and the zoom finds it.
        let trace = SyntheticTrace.diurnal(days: 5, peak: 1000)
        let scenario = SimulationScenario(name: "web", capacityPerUnit: 40, bootSeconds: 300)
        let simulation = try Simulation(trace: trace, scenario: scenario)
        let runs = [
            simulation.run(BaselinePolicies.awsTargetTracking(), recordTimeline: true),
            simulation.run(BaselinePolicies.fixed(name: "big <static>", units: 90), recordTimeline: true),
        ]
        let html = HTMLReport.render(SimulationReport(simulation: simulation, results: runs))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href=\"http"))
        #expect(!html.contains("url("))
        #expect(html.contains("big &lt;static&gt;"))
        #expect(!html.contains("big <static>"))
        #expect(html.components(separatedBy: "<section class=\"policy\"").count == 3)
        // Full-trace chart and zoom for AWS; the static 90 never runs short: no zoom.
        #expect(html.components(separatedBy: "<svg").count == 4)
        #expect(html.contains("Worst under-provisioned hour"))
        #expect(html.contains("No step was under-provisioned."))
        // 7,200 steps are drawn in at most one column per pixel: the page stays small.
        #expect(html.utf8.count < 600_000)
    }

    @Test func worstHourIsTheWindowWithTheMostUnitStepsShort() throws {
        // Δ = 1200 s → an hour is 3 steps. Shortfalls by step: [0, 2, 0, 0, 1, 3, 1, 0].
        // Windows of 3: 2, 2, 1, 4, 5, 4 → the window starting at step 4.
        let loads: [Double] = [10, 30, 10, 10, 20, 40, 20, 10]
        let trace = Trace(name: "w", stepSeconds: 1200, values: loads)
        let simulation = try Simulation(trace: trace, scenario: handScenario(initialUnits: 1))
        var engine = SimulationEngine(
            simulation: simulation, decider: ScriptedDecider(script: [1]), name: "one", kind: .headroom, metricCount: 1,
            warmPool: nil, upperBound: 10, recordTimeline: true)
        engine.advance(until: loads.count)
        let timeline = try #require(engine.result().timeline)
        let window = try #require(HTMLReport.worstWindow(timeline, demand: simulation.demand, length: 3))
        #expect(window.range == 4..<7)
        #expect(window.shortUnitSteps == 5)
        #expect(window.underSteps == 3)
    }

    @Test func numbersAreWrittenExactlyAndReadably() {
        #expect(NumberText.json(3600) == "3600")
        #expect(NumberText.json(0.1 + 0.2) == "0.30000000000000004")
        #expect(NumberText.json(.infinity) == "\"Infinity\"")
        #expect(NumberText.csv(.infinity) == "inf")
        #expect(NumberText.duration(0) == "0")
        #expect(NumberText.duration(45) == "45 s")
        #expect(NumberText.duration(750) == "12m 30s")
        #expect(NumberText.duration(3 * 3600 + 300) == "3h 05m")
        #expect(NumberText.duration(2 * 86_400 + 3 * 3600 + 600) == "2d 03h 10m")
    }
}

extension OutputTests {
    @Test func worstHourIsCenteredOnItsShortSteps() throws {
        // Δ = 600 s → an hour is 6 steps. One short step at t2: the earliest best window is 0..<6;
        // centered on t2 it starts at max(0, 2 − 3) = 0. One short step at t9 of 12: the earliest
        // best window is 4..<10 (t9 at its edge); centered it is 6..<12.
        let trace = Trace(name: "w", stepSeconds: 600, values: [10, 10, 20, 10, 10, 10, 10, 10, 10, 20, 10, 10])
        let simulation = try Simulation(trace: trace, scenario: handScenario(initialUnits: 1))
        let run = simulation.replay(desired: [1], recordTimeline: true)
        let timeline = try #require(run.timeline)
        let window = try #require(HTMLReport.worstWindow(timeline, demand: simulation.demand, length: 6))
        #expect(window.range == 0..<6)
        var later = simulation.demand
        later[2] = 1  // only the short step at t9 remains
        let centered = try #require(HTMLReport.worstWindow(timeline, demand: later, length: 6))
        #expect(centered.range == 6..<12)
        #expect(centered.shortUnitSteps == 1)
    }
}

extension OutputTests {
    @Test func countsReadLikeEnglish() {
        #expect(NumberText.count(1, "step") == "1 step")
        #expect(NumberText.count(0, "step") == "0 steps")
        #expect(NumberText.count(39_692, "step") == "39,692 steps")
        #expect(NumberText.count(1_234_567, "row") == "1,234,567 rows")
    }
}
