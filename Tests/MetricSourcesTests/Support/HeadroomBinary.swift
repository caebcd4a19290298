import Foundation
import HeadroomTestSupport

/// Runs the built `headroom` executable, as a user would.
enum HeadroomBinary {
    static var url: URL { HeadroomExecutable.url }
    static var exists: Bool { HeadroomExecutable.exists }

    struct Outcome: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `headroom arguments…` with exactly `environment` (plus a PATH and a HOME) and waits for it.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let outcome = try await ChildProcess.run(
            url, arguments,
            environment: environment.merging(["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]) { mine, _ in mine })
        return Outcome(status: outcome.status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
    }
}
