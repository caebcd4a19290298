import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// The built `headroom` binary, with debug logging, through success and failure paths
/// against moto: nothing it prints, logs, journals or saves holds a secret key, a session
/// token or what a signature is derived from (`AWS4` + the secret key) — nor an
/// `Authorization` header.
@Suite(
    "No secret in the daemon's and the CLI's output, logs or journal",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct SecretLeakCLITests {
    static let binary = DaemonEndToEndTests.binary

    static let wrongSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYLEAKCHECKSECRET"
    static let sessionToken = "FwoGZXIvYXdzEHeadroomLeakCheckSessionToken//+="

    /// Every form a secret could take in text.
    static func forms(of secrets: [String]) -> [String] {
        let raw = secrets + secrets.map { "AWS4" + $0 }
        let encoded = raw.compactMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
        return raw + encoded
    }

    func run(_ arguments: [String], environment: [String: String]) async throws -> ChildProcess.Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        return try await ChildProcess.run(Self.binary, arguments, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own })
    }

    @Test("run --once, plan and capacity get/set at debug level: success, a wrong secret with a session token, an unreachable endpoint")
    func nothingLeaks() async throws {
        let endpoint = try #require(MotoServer.current).baseURL
        let admin = try await MotoAccount.shared.administrator(at: endpoint)
        try await MotoSeed(admin).cluster("leak", services: ["api"], desiredCount: 4)
        let cloudWatch = CloudWatchClient(client: admin.client(.cloudWatch))
        let minute = (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 120
        try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: [
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization",
                dimensions: [.init(name: "ClusterName", value: "leak"), .init(name: "ServiceName", value: "api")],
                timestamp: Date(timeIntervalSince1970: minute), value: 90, unit: "Percent"),
        ])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-leak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = folder.appendingPathComponent("api.yaml")
        try TestPolicies.ecsCPU(cluster: "leak").write(to: policy, atomically: true, encoding: .utf8)
        let journal = folder.appendingPathComponent("journal.jsonl")
        let state = folder.appendingPathComponent("state.json")
        let daemon = ["--policies", policy.path, "--log-level", "debug", "--journal", journal.path, "--state", state.path]

        var good = admin.environment
        good["HEADROOM_LOG_LEVEL"] = "debug"
        var wrong = good
        wrong["AWS_SECRET_ACCESS_KEY"] = Self.wrongSecret
        wrong["AWS_SESSION_TOKEN"] = Self.sessionToken
        var wrongSignature = good
        wrongSignature["AWS_SECRET_ACCESS_KEY"] = Self.wrongSecret
        var unreachable = wrong
        unreachable["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"

        var outcomes: [(String, ChildProcess.Outcome)] = []
        outcomes.append(("run --once", try await run(["run", "--once"] + daemon, environment: good)))
        outcomes.append(("plan", try await run(["plan"] + daemon, environment: good)))
        outcomes.append(("capacity set", try await run(["capacity", "set", "ecs:leak/api", "--desired", "7"], environment: good)))
        outcomes.append(("capacity get", try await run(["capacity", "get", "ecs:leak/api"], environment: good)))
        outcomes.append(("run --once, wrong secret", try await run(["run", "--once"] + daemon, environment: wrong)))
        outcomes.append(("capacity get, wrong secret", try await run(["capacity", "get", "ecs:leak/api"], environment: wrong)))
        // Without a token moto checks the signature itself: SignatureDoesNotMatch.
        outcomes.append(("run --once, bad signature", try await run(["run", "--once"] + daemon, environment: wrongSignature)))
        outcomes.append(("run --once, unreachable", try await run(["run", "--once"] + daemon, environment: unreachable)))
        outcomes.append(("capacity set, unreachable", try await run(["capacity", "set", "ecs:leak/api", "--desired", "3"], environment: unreachable)))

        // The paths ran as intended: the first scaled and journaled, the failures failed.
        #expect(outcomes[0].1.status == 0, "\(outcomes[0].1.stderrText)")
        #expect(outcomes[2].1.status == 0 && outcomes[3].1.status == 0)
        for index in 4..<outcomes.count {
            #expect(outcomes[index].1.status != 0, "\(outcomes[index].0) should fail")
        }
        let journalText = (try? String(contentsOf: journal, encoding: .utf8)) ?? ""
        #expect(journalText.contains("scale-out"), "the success path journaled its decision")
        #expect(outcomes[6].1.stdoutText.contains("SignatureDoesNotMatch"), "\(outcomes[6].1.stdoutText.prefix(300))")
        #expect(outcomes[0].1.stderrText.lowercased().contains("debug"), "debug logging was on: \(outcomes[0].1.stderrText.prefix(300))")

        var texts: [(String, String)] = [("journal", journalText), ("state", (try? String(contentsOf: state, encoding: .utf8)) ?? "")]
        for (name, outcome) in outcomes {
            texts.append(("\(name) stdout", outcome.stdoutText))
            texts.append(("\(name) stderr", outcome.stderrText))
        }
        let secrets = Self.forms(of: [admin.credentials.secretAccessKey, Self.wrongSecret, Self.sessionToken])
        for (name, text) in texts {
            for secret in secrets {
                #expect(!text.contains(secret), "\(name) holds \(secret.prefix(8))…: \(text.prefix(400))")
            }
            #expect(!text.contains("Signature="), "\(name) holds an Authorization header")
            #expect(!text.contains("X-Amz-Security-Token:") && !text.lowercased().contains("x-amz-security-token="), "\(name) holds the token header")
        }
    }
}
