import Foundation
import HeadroomTestSupport
import Testing

/// `headroom bench simulate` through the binary: what it measures, not how fast (speed figures
/// belong in BENCHMARKS.md, never in a test).
@Suite("headroom bench simulate")
struct BenchCommandTests {
    func run(_ arguments: [String]) async throws -> ChildProcess.Outcome {
        let binary = DaemonEndToEndTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(binary, arguments, environment: ["PATH": "/usr/bin:/bin"])
    }

    @Test func onePolicyIsMeasuredAloneAndTheRunStops() async throws {
        let outcome = try await run(["bench", "simulate", "--days", "2", "--repeat", "1", "--policy", "aws-target-tracking"])
        #expect(outcome.status == 0, "\(outcome.stderrText)")
        let lines = outcome.stdoutText.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("2880 steps of 60 s") })
        let measured = lines.filter { $0.hasPrefix("  ") }
        #expect(measured.count == 1 && measured[0].contains("aws-target-tracking") && measured[0].contains(" ms)"))
        #expect(!outcome.stdoutText.contains("in parallel"))
    }

    @Test func anUnknownPolicyIsNamedWithTheShippedOnes() async throws {
        let outcome = try await run(["bench", "simulate", "--policy", "nope"])
        #expect(outcome.status != 0)
        #expect(outcome.stderrText.contains("--policy nope"))
        #expect(outcome.stderrText.contains("aws-target-tracking"))
    }
}
