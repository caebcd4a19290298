import Foundation
import HeadroomTestSupport
import Testing

/// Runs the built `headroom` binary on the SigV4 vectors and diffs its output with the expected
/// files byte for byte.
@Suite("headroom aws sign, end to end")
struct AWSSignCommandTests {
    static let binary = HeadroomExecutable.url

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "SigV4Tests/Fixtures")

    static let exampleEnvironment = [
        "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    ]

    struct Outcome {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = exampleEnvironment) async throws -> Outcome {
        let outcome = try await ChildProcess.run(
            binary, arguments, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
        return Outcome(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderrText)
    }

    struct Context: Decodable {
        struct Credentials: Decodable { var token: String? }
        var credentials: Credentials
        var normalize: Bool
        var sign_body: Bool
    }

    @Test("the binary exists")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "no headroom binary at \(Self.binary.path)")
    }

    @Test("every aws-c-auth case: each step, header and presigned, matches its file byte for byte")
    func awsCAuthSuite() async throws {
        let root = Self.fixtures.appending(path: "aws-signing-test-suite/v4")
        let cases = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        var compared = 0
        for name in cases {
            let directory = root.appending(path: name)
            let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: directory.appending(path: "context.json")))
            var environment = Self.exampleEnvironment
            environment["AWS_SESSION_TOKEN"] = context.credentials.token
            var common = [
                "aws", "sign", "--request", directory.appending(path: "request.txt").path,
                "--region", "us-east-1", "--service", "service", "--time", "2015-08-30T12:36:00Z",
            ]
            if context.sign_body { common.append("--sign-body") }
            if !context.normalize { common.append("--no-normalize-path") }
            for (prefix, modeArguments) in [("header", [String]()), ("query", ["--presign", "--expires", "3600"])] {
                for step in ["canonical-request", "string-to-sign", "signature", "signed-request"] {
                    let outcome = try await Self.run(common + modeArguments + ["--show", step], environment: environment)
                    let expected = try Data(contentsOf: directory.appending(path: "\(prefix)-\(step).txt"))
                    #expect(outcome.status == 0, "\(name) \(prefix) \(step): \(outcome.stderr)")
                    #expect(outcome.stdout == expected, "\(name) \(prefix) \(step)")
                    compared += 1
                }
            }
        }
        #expect(compared == 26 * 2 * 4)
    }

    @Test("every case of AWS's 2015 suite: .sreq, .creq and .sts byte for byte")
    func aws2015Suite() async throws {
        let root = Self.fixtures.appending(path: "aws-sig-v4-test-suite")
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
        var compared = 0
        for case let request as URL in enumerator where request.pathExtension == "req" {
            let base = request.deletingPathExtension()
            for (step, ext) in [("signed-request", "sreq"), ("canonical-request", "creq"), ("string-to-sign", "sts")] {
                let outcome = try await Self.run([
                    "aws", "sign", "--request", request.path, "--region", "us-east-1", "--service", "service", "--show", step,
                ])
                #expect(outcome.status == 0, "\(base.lastPathComponent) \(step): \(outcome.stderr)")
                #expect(outcome.stdout == (try Data(contentsOf: base.appendingPathExtension(ext))), "\(base.lastPathComponent) \(step)")
                compared += 1
            }
        }
        #expect(compared == 22 * 3)
    }

    @Test("a malformed request file fails with one line naming the file and the line")
    func malformedFile() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "headroom-sign-\(UUID().uuidString).txt")
        try Data("GET / HTTP/1.1\nHost example.amazonaws.com\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let outcome = try await Self.run(["aws", "sign", "--request", file.path, "--region", "us-east-1", "--service", "s"])
        #expect(outcome.status != 0)
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(outcome.stderr.contains(file.path) && outcome.stderr.contains("line 2"))
    }

    @Test("missing files, credentials and bad lifetimes fail with one line")
    func otherFailures() async throws {
        let request = Self.fixtures.appending(path: "aws-signing-test-suite/v4/get-vanilla/request.txt").path
        let base = ["aws", "sign", "--request", request, "--region", "us-east-1", "--service", "s"]
        let cases: [(arguments: [String], environment: [String: String], mentions: String)] = [
            (["aws", "sign", "--request", "/nonexistent/req.txt", "--region", "r", "--service", "s"], Self.exampleEnvironment, "/nonexistent/req.txt"),
            (base, [:], "AWS_ACCESS_KEY_ID"),
            (base + ["--presign", "--expires", "604801"], Self.exampleEnvironment, "604801"),
            (base + ["--expires", "60"], Self.exampleEnvironment, "--presign"),
            (base + ["--time", "yesterday"], Self.exampleEnvironment, "--time"),
        ]
        for (arguments, environment, mentions) in cases {
            let outcome = try await Self.run(arguments, environment: environment)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
            #expect(outcome.stderr.contains(mentions), "\(outcome.stderr)")
        }
    }
}
