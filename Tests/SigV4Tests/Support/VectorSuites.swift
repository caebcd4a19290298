import Foundation
import SigV4

/// Finds every case of the three suites under `Fixtures/` (see `Fixtures/README.md`).
enum VectorSuites {
    static let fixtures: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("the SigV4Tests bundle has no Fixtures folder")
        }
        return url
    }()

    /// The fixed inputs of the suites' notes.
    static let exampleCredentials = SigningCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let exampleTime = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    /// Every case, in a stable order; discovery failures surface as a thrown error in the tests.
    static let all: [VectorCase] = (try? discoverAll()) ?? []

    static func discoverAll() throws -> [VectorCase] {
        try discoverAWS2015() + discoverAWSCAuth() + discoverSmithyRS()
    }

    // MARK: AWS 2015 suite

    static func discoverAWS2015() throws -> [VectorCase] {
        let root = fixtures.appending(path: VectorCase.Suite.aws2015.rawValue)
        let token = try sessionTokenFromReadme(root.appending(path: "post-sts-token/readme.txt"))
        return try files(under: root, named: { $0.hasSuffix(".req") }).map { requestFile in
            let base = requestFile.deletingPathExtension()
            let name = base.lastPathComponent
            var expected: [VectorCase.Artifact: URL] = [:]
            let extensions: [(VectorCase.Artifact, String)] = [
                (.canonicalRequest, "creq"), (.stringToSign, "sts"), (.authorization, "authz"), (.signedRequest, "sreq"),
            ]
            for (artifact, ext) in extensions {
                let url = base.appendingPathExtension(ext)
                if FileManager.default.fileExists(atPath: url.path) { expected[artifact] = url }
            }
            var credentials = exampleCredentials
            if requestFile.path.contains("/post-sts-token/") { credentials.sessionToken = token }
            return VectorCase(
                suite: .aws2015, name: name, mode: .header, requestFile: requestFile, credentials: credentials,
                region: "us-east-1", service: "service", options: SigningOptions(), time: exampleTime,
                expected: expected
            )
        }
    }

    /// The readme's example token is the last non-empty line.
    private static func sessionTokenFromReadme(_ url: URL) throws -> String {
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let token = lines.last(where: { !$0.isEmpty }), token.hasPrefix("AQoD") else {
            throw DiscoveryError(message: "no session token at the end of \(url.path)")
        }
        return token
    }

    // MARK: aws-c-auth suite

    private struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var expiration_in_seconds: Int
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    static func discoverAWSCAuth() throws -> [VectorCase] {
        let root = fixtures.appending(path: "\(VectorCase.Suite.awsCAuth.rawValue)/v4")
        var cases = [VectorCase]()
        for directory in try subdirectories(of: root) {
            let contextURL = directory.appending(path: "context.json")
            let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: contextURL))
            let credentials = SigningCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: context.credentials.secret_access_key,
                sessionToken: context.credentials.token
            )
            let options = SigningOptions(
                normalizePath: context.normalize, doubleURIEncode: true, signBody: context.sign_body,
                omitSessionToken: context.omit_session_token ?? false
            )
            let time = try Date(context.timestamp, strategy: .iso8601)
            for (prefix, mode) in [("header", VectorCase.Mode.header), ("query", .presign(expires: context.expiration_in_seconds))] {
                let expected = artifacts(in: directory, prefix: prefix)
                if expected.isEmpty { continue }
                cases.append(
                    VectorCase(
                        suite: .awsCAuth, name: directory.lastPathComponent, mode: mode,
                        requestFile: directory.appending(path: "request.txt"), credentials: credentials,
                        region: context.region, service: context.service, options: options, time: time,
                        expected: expected
                    )
                )
            }
        }
        return cases
    }

    private static func artifacts(in directory: URL, prefix: String) -> [VectorCase.Artifact: URL] {
        var expected: [VectorCase.Artifact: URL] = [:]
        let names: [(VectorCase.Artifact, String)] = [
            (.canonicalRequest, "canonical-request"), (.stringToSign, "string-to-sign"),
            (.signature, "signature"), (.signedRequest, "signed-request"),
        ]
        for (artifact, name) in names {
            let url = directory.appending(path: "\(prefix)-\(name).txt")
            if FileManager.default.fileExists(atPath: url.path) { expected[artifact] = url }
        }
        return expected
    }

    // MARK: smithy-rs extras

    /// The inputs the README gives for each smithy-rs case (they have no `context.json`); the
    /// signing time is the request's own `X-Amz-Date`.
    private static let smithyInputs: [String: (region: String, service: String)] = [
        "double-url-encode": ("us-east-2", "lambda"),
    ]

    static func discoverSmithyRS() throws -> [VectorCase] {
        let root = fixtures.appending(path: "\(VectorCase.Suite.smithyRS.rawValue)/v4")
        return try subdirectories(of: root).map { directory in
            let name = directory.lastPathComponent
            guard let inputs = smithyInputs[name] else {
                throw DiscoveryError(message: "smithy-rs case \(name) has no known inputs; add them to smithyInputs")
            }
            return VectorCase(
                suite: .smithyRS, name: name, mode: .header, requestFile: directory.appending(path: "request.txt"),
                credentials: exampleCredentials, region: inputs.region, service: inputs.service,
                options: SigningOptions(), time: exampleTime, expected: artifacts(in: directory, prefix: "header")
            )
        }
    }

    // MARK: Files

    struct DiscoveryError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func files(under root: URL, named matches: (String) -> Bool) throws -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw DiscoveryError(message: "cannot list \(root.path)")
        }
        var found = [URL]()
        for case let url as URL in enumerator where matches(url.lastPathComponent) {
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func subdirectories(of root: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted { $0.path < $1.path }
    }
}
