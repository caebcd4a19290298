import Foundation
import HeadroomTestSupport
import Testing

/// Runs the built `headroom` binary (`swift build` first) and captures what it printed.
private struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static let packageRoot = HeadroomExecutable.packageRoot
    static let binary = HeadroomExecutable.url

    static func run(_ arguments: String...) async throws -> CLIRun {
        try await run(arguments: arguments)
    }

    static func run(_ arguments: [String]) async throws -> CLIRun {
        try await run(arguments: arguments)
    }

    /// `headroom arguments...`, run in the package root so relative paths name its files.
    static func run(arguments: [String]) async throws -> CLIRun {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary.path),
            "\(HeadroomExecutable.missingMessage)")
        let outcome = try await ChildProcess.run(Self.binary, arguments, currentDirectory: Self.packageRoot)
        return CLIRun(status: outcome.status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
    }
}

/// A directory for files a test writes, removed by the caller.
private func scratchDirectory() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-policy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

private let brokenPolicy = """
    Name: broken
    MinCapacity: 2
    MaxCapacity: 20
    TargetTracking:
      Metrics:
        - Name: cpu
          TargetValue: sixty
      Tolerence: 0.1

    """

@Suite("headroom policy")
struct PolicyCommandTests {
    @Test("check: every example policy is ok, exit 0")
    func checkExamples() async throws {
        let run = try await CLIRun.run("policy", "check", "policies")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: CLIRun.packageRoot.appendingPathComponent("policies").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!names.isEmpty)
        #expect(run.stdout == names.map { "policies/\($0): ok\n" }.joined())
    }

    @Test("check: problems go to stderr as FILE:LINE:COLUMN lines, exit 1; valid files still say ok")
    func checkProblems() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.yaml")
        try brokenPolicy.write(to: broken, atomically: true, encoding: .utf8)

        let run = try await CLIRun.run("policy", "check", broken.path, "policies/ecs-cpu-target-tracking.yaml")
        #expect(run.status == 1)
        #expect(run.stdout == "policies/ecs-cpu-target-tracking.yaml: ok\n")
        #expect(run.stderr == """
            \(broken.path):7:20: TargetTracking.Metrics[0].TargetValue must be a number (found the text "sixty")
            \(broken.path):8:3: unknown key 'Tolerence' in TargetTracking; did you mean 'Tolerance'?

            """)
    }

    @Test("check: a missing file is a problem, not a crash")
    func checkMissingFile() async throws {
        let run = try await CLIRun.run("policy", "check", "no-such-policy.yaml")
        #expect(run.status == 1)
        #expect(run.stderr == "no-such-policy.yaml:1:1: cannot read the file: no such file\n")
    }

    @Test("check --output json: one document for scripts, same exit status")
    func checkJSON() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.yaml")
        try brokenPolicy.write(to: broken, atomically: true, encoding: .utf8)

        let run = try await CLIRun.run("policy", "check", "--output", "json", "policies/queue-worker-backlog.yaml", broken.path)
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["valid"] as? Bool == false)
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String } == ["policies/queue-worker-backlog.yaml", broken.path])
        #expect(files.map { $0["valid"] as? Bool } == [true, false])
        let problems = try #require(files.last?["problems"] as? [[String: Any]])
        #expect(problems.map { $0["line"] as? Int } == [7, 8])
        #expect(problems.map { $0["column"] as? Int } == [20, 3])
        #expect(problems.map { $0["code"] as? String } == ["wrong-type", "unknown-key"])
    }

    @Test("new: prints a policy that policy check accepts, for ECS and for an Auto Scaling group")
    func newLoadsCleanly() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(file: String, arguments: [String], expected: [String])] = [
            ("api.yaml", ["ecs:prod/api", "--min", "2", "--max", "20", "--cpu-target", "60"],
             ["Target: ecs:prod/api", "MinCapacity: 2", "MaxCapacity: 20", "TargetValue: 60", "Namespace: AWS/ECS",
              "ClusterName: prod", "ServiceName: api", "Statistic: Average"]),
            ("gpu.yaml", ["asg:gpu-inference", "--min", "0", "--max", "8", "--cpu-target", "72.5", "--region", "eu-central-1"],
             ["Target: asg:gpu-inference", "Region: eu-central-1", "TargetValue: 72.5", "Namespace: AWS/EC2",
              "AutoScalingGroupName: gpu-inference"]),
        ]
        for (file, arguments, expected) in cases {
            let new = try await CLIRun.run(["policy", "new"] + arguments)
            #expect(new.status == 0, "\(new.stderr)")
            #expect(new.stdout.hasPrefix("# Headroom policy for "))
            for line in expected {
                #expect(new.stdout.contains(line), "missing '\(line)' in:\n\(new.stdout)")
            }
            let url = directory.appendingPathComponent(file)
            try new.stdout.write(to: url, atomically: true, encoding: .utf8)
            let check = try await CLIRun.run("policy", "check", url.path)
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout == "\(url.path): ok\n")
        }
    }

    @Test("new: arguments are validated with a usage error (exit 64)")
    func newValidation() async throws {
        let cases: [(arguments: [String], message: String)] = [
            (["ecs:prod", "--min", "1", "--max", "2", "--cpu-target", "50"], "is not a target"),
            (["asg:web", "--min", "3", "--max", "2", "--cpu-target", "50"], "--min (3) must not be greater than --max (2)"),
            (["asg:web", "--min=-1", "--max", "2", "--cpu-target", "50"], "--min must be 0 or more"),
            (["asg:web", "--min", "1", "--max", "2", "--cpu-target", "0"], "--cpu-target is a percentage"),
            (["asg:web", "--min", "1", "--max", "2", "--cpu-target", "101"], "--cpu-target is a percentage"),
            (["ecs:prod/api.v2", "--min", "1", "--max", "2", "--cpu-target", "50"], "ECS cluster and service names"),
        ]
        for (arguments, message) in cases {
            let run = try await CLIRun.run(["policy", "new"] + arguments)
            #expect(run.status == 64, "\(arguments): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
        }
    }

    @Test("new: a value the loader rejects (a bad --region) prints nothing and exits 1")
    func newSelfCheck() async throws {
        let run = try await CLIRun.run("policy", "new", "asg:web", "--min", "1", "--max", "2", "--cpu-target", "50", "--region", "Frankfurt")
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("Region 'Frankfurt' is not an AWS region name"))
    }

    @Test("Help is written for people, with examples")
    func help() async throws {
        let new = try await CLIRun.run("policy", "new", "--help")
        #expect(new.status == 0)
        #expect(new.stdout.contains("headroom policy new ecs:prod/api --min 2 --max 20 --cpu-target 60"))
        let check = try await CLIRun.run("policy", "check", "--help")
        #expect(check.stdout.contains("FILE:LINE:COLUMN"))
        let root = try await CLIRun.run("--help")
        #expect(root.stdout.contains("policy"))
    }
}

@Suite("headroom policy check with directories")
struct PolicyCheckDirectoryTests {
    @Test("A directory without policy files is a problem, not a silent pass")
    func emptyDirectory() async throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try await CLIRun.run("policy", "check", directory.path)
        #expect(run.status == 1)
        #expect(run.stderr == "\(directory.path):1:1: no .yaml or .yml files in this directory\n")
    }
}
