import Foundation
import HeadroomTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad input to the built binary: one line naming the file and place, a non-zero exit, and
/// no file written (not even a partial one). The library-level cases are tested in
/// PolicyFilesTests and SimulatorTests; these are the ones only the binary can show.
@Suite("Bad input to the headroom binary")
struct BadInputCLITests {
    static let binary = DaemonEndToEndTests.binary
    static let root = HeadroomExecutable.packageRoot

    func run(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        let environment = [
            "PATH": "/usr/bin:/bin", "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/nonexistent/headroom-test/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/headroom-test/credentials",
        ]
        return try await ChildProcess.run(Self.binary, arguments, environment: environment, currentDirectory: Self.root)
    }

    func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The last non-empty line of stderr, and how many non-empty lines there are.
    func errorLines(_ outcome: ChildProcess.Outcome) -> [String] {
        outcome.stderrText.split(separator: "\n").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static let validPolicy = """
        Target: ecs:prod/api
        MinCapacity: 1
        MaxCapacity: 10
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              Prometheus: {Query: 'up'}

        """

    /// Whether `line` has `NAME:LINE:COLUMN:`.
    static func hasLineAndColumn(after name: String) -> (String) -> Bool {
        { line in
            guard let range = line.range(of: "\(name):") else { return false }
            let parts = line[range.upperBound...].split(separator: ":", maxSplits: 2)
            return parts.count == 3 && Int(parts[0]) != nil && Int(parts[1]) != nil
        }
    }

    static let simulateInputs = [
        "--scenario", "simulations/scenarios/cpu-web-api.yaml", "--policy", "simulations/policies/headroom.yaml",
    ]

    @Test("simulate: a trace with a 1 GiB line (a sparse file) fails with one line; no report or timeline is written")
    func gigabyteTraceLine() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = folder.appendingPathComponent("huge.csv")
        try Data("timestamp,value\n0,1\n".utf8).write(to: trace)
        let fd = open(trace.path, O_WRONLY)
        #expect(fd >= 0 && ftruncate(fd, off_t(1 << 30) + 20) == 0)
        close(fd)
        let report = folder.appendingPathComponent("report.html")
        let timelines = folder.appendingPathComponent("timelines")
        let outcome = try await run(
            ["simulate", "--trace", trace.path] + Self.simulateInputs + ["--report", report.path, "--timeline-dir", timelines.path])
        #expect(outcome.status != 0)
        let lines = errorLines(outcome)
        #expect(lines.count == 1, "\(lines)")
        #expect(lines.last?.contains("huge.csv:3: line longer than") == true, "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: report.path) && !FileManager.default.fileExists(atPath: timelines.path))
    }

    @Test("simulate: bytes that are not UTF-8 in a trace fail with the line; no report is written")
    func nonUTF8Trace() async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trace = folder.appendingPathComponent("latin1.csv")
        try (Data("timestamp,value\n0,1\n60,".utf8) + Data([0xFF, 0xFE]) + Data("\n120,3\n".utf8)).write(to: trace)
        let report = folder.appendingPathComponent("report.html")
        let outcome = try await run(["simulate", "--trace", trace.path] + Self.simulateInputs + ["--report", report.path])
        #expect(outcome.status != 0)
        let lines = errorLines(outcome)
        #expect(lines.count == 1 && lines.last?.contains("latin1.csv:3: not UTF-8") == true, "\(lines)")
        #expect(!FileManager.default.fileExists(atPath: report.path))
    }

    @Test("run --once and plan with a broken policy: one line per problem with file:line:column, exit non-zero, no journal or state written, AWS never called",
        arguments: [
            ("malformed.yaml", "MinCapacity: 1", "MinCapacity: [1"),
            ("types.yaml", "MinCapacity: 1", "MinCapacity: one"),
            ("huge.yaml", "MaxCapacity: 10", "MaxCapacity: 99999999999999999999999"),
            ("negative.yaml", "MinCapacity: 1", "MinCapacity: -1"),
            ("inverted.yaml", "MinCapacity: 1", "MinCapacity: 11"),
            ("notutf8.yaml", "Name: cpu", "Name: cpu\u{FF}"),
        ])
    func brokenPolicyStopsStartUp(name: String, good: String, bad: String) async throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent(name)
        let yaml = Self.validPolicy.replacingOccurrences(of: good, with: bad)
        #expect(yaml != Self.validPolicy)
        // U+00FF stands for a lone 0xFF byte: Latin-1 text in a UTF-8 file.
        var bytes = Data(yaml.utf8)
        if let range = bytes.range(of: Data("\u{FF}".utf8)) { bytes.replaceSubrange(range, with: [0xFF]) }
        try bytes.write(to: policy)
        let journal = folder.appendingPathComponent("journal.jsonl")
        let state = folder.appendingPathComponent("state.json")
        for command in [["run", "--once"], ["plan"]] {
            // No credentials and no endpoint: reaching AWS would fail differently.
            let outcome = try await run(command + ["--policies", policy.path, "--journal", journal.path, "--state", state.path])
            #expect(outcome.status != 0, "\(command) accepted \(name)")
            let lines = errorLines(outcome)
            #expect(lines.count == 1, "\(command) \(name): \(lines)")
            #expect(lines.first?.contains("\(name):") == true, "\(command): \(lines)")
            #expect(lines.first.map(Self.hasLineAndColumn(after: name)) == true, "file:line:column: \(lines)")
            #expect(!FileManager.default.fileExists(atPath: journal.path) && !FileManager.default.fileExists(atPath: state.path))
        }
    }
}
