import HeadroomTestSupport
import AWSClient
import Foundation
import Logging
import SigV4
import Testing

/// Drives success and failure paths with recognisable secrets and searches everything that
/// was logged (at trace level) and every error description for them.
@Suite("No secret reaches a log line or an error description")
struct SecretLeakTests {
    private struct Empty: Codable, Sendable {}

    private static let webIdentityToken = "eyJoZWFkcm9vbS13ZWItaWRlbnRpdHktdG9rZW4ifQ.secret-part"
    private static let roleSecret = "roleSecretThatMustNotLeak987654321"
    private static let roleToken = "roleSessionTokenThatMustNotLeak+/="

    private static let sourceSecret = "sourceProfileSecret123456"

    /// Every form a secret could take in text we produce.
    private static var secrets: [String] {
        let raw = [StubFixtures.secretKey, StubFixtures.sessionToken, webIdentityToken, roleSecret, roleToken, sourceSecret]
        return raw + raw.map(URIEncoding.encode)
    }

    /// A server that echoes what it received can only echo the secrets of that request.
    private static func echo(_ values: [String]) -> String {
        (values + values.map(URIEncoding.encode)).joined(separator: " | ")
    }

    /// Renders an error every way a caller might print it.
    private static func renderings(of error: any Error) -> [String] {
        var dumped = ""
        dump(error, to: &dumped)
        return ["\(error)", String(reflecting: error), error.localizedDescription, dumped]
    }

    @Test func successAndFailurePathsLeakNothing() async throws {
        let logs = LogCapture()
        let logger = logs.logger()
        var errors: [any Error] = []

        // A server that answers by target: success, throttling then success, an error whose
        // message echoes every secret, a dropped connection.
        let server = try LoopbackHTTPServer { request, index in
            switch request.header("X-Amz-Target")?.split(separator: ".").last ?? "" {
            case "Succeed": return .json(200, "{}", headers: [("x-amzn-RequestId", "ok-1")])
            case "Throttled": return index % 2 == 0 ? .json(400, StubFixtures.jsonError("ThrottlingException")) : .json(200, "{}")
            case "Echo":
                let echoed = Self.echo([StubFixtures.secretKey, StubFixtures.sessionToken])
                return .json(403, StubFixtures.jsonError("AccessDeniedException", echoed))
            default: return .reset
            }
        }
        defer { server.stop() }
        let client = StubFixtures.client(.ecs, server: server, maxAttempts: 2, logger: logger)
        try await client.json("Succeed", input: Empty())
        try await client.json("Throttled", input: Empty())
        for operation in ["Echo", "Drop"] {
            do {
                try await client.json(operation, input: Empty())
                Issue.record("\(operation) should have failed")
            } catch {
                errors.append(error)
            }
        }

        // Credentials from an AssumeRole whose STS first rejects the call with a message
        // echoing the source key's secret, then succeeds.
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let sts = try LoopbackHTTPServer { request, index in
            if index == 0 {
                return .xml(403, StubFixtures.queryError("AccessDenied", "secret was \(Self.echo([Self.sourceSecret]))"))
            }
            if request.formFields["Action"] == "AssumeRoleWithWebIdentity" {
                return .xml(400, StubFixtures.queryError("InvalidIdentityToken", "bad token \(Self.echo([Self.webIdentityToken]))"))
            }
            return .xml(
                200,
                StubFixtures.assumeRoleXML(
                    accessKeyID: "ASIAROLE", secret: Self.roleSecret, token: Self.roleToken, expiration: Date(timeIntervalSinceNow: 3600)
                )
            )
        }
        defer { sts.stop() }
        try directory.write("config", "[profile role]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n")
        try directory.write("credentials", "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = \(Self.sourceSecret)\n")
        let tokenFile = try directory.write("token", Self.webIdentityToken)
        let base = [
            "AWS_CONFIG_FILE": directory.path + "/config", "AWS_SHARED_CREDENTIALS_FILE": directory.path + "/credentials",
            "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true", "AWS_ENDPOINT_URL_STS": sts.baseURL.absoluteString,
        ]
        let roleConfiguration = try AWSConfiguration(
            environment: base.merging(["AWS_PROFILE": "role"]) { _, new in new },
            retryStrategy: SleepRecorder().strategy(maxAttempts: 1), logger: logger
        )
        do {
            _ = try await roleConfiguration.credentialProvider.credentials()
            Issue.record("the first AssumeRole should have been refused")
        } catch {
            errors.append(error)
        }
        // No cached credentials to fall back on: the next call asks STS again.
        let roleCredentials = try await roleConfiguration.credentialProvider.credentials()
        #expect(roleCredentials.secretAccessKey == Self.roleSecret)

        let webConfiguration = try AWSConfiguration(
            environment: base.merging(["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::1:role/w"]) { _, new in new },
            retryStrategy: SleepRecorder().strategy(maxAttempts: 1), logger: logger
        )
        do {
            _ = try await webConfiguration.credentialProvider.credentials()
            Issue.record("AssumeRoleWithWebIdentity should have been refused")
        } catch {
            errors.append(error)
        }

        #expect(errors.count == 4)
        #expect(logs.lines.count >= 6, "every call logs at debug level")
        for line in logs.lines {
            #expect(!line.contains("Signature="), "an Authorization header was logged: \(line.prefix(300))")
            #expect(!line.contains("AWS4-HMAC-SHA256"), "an Authorization header was logged: \(line.prefix(300))")
        }
        var texts = logs.lines
        for error in errors { texts += Self.renderings(of: error) }
        texts.append("\(roleCredentials)")
        texts.append(String(reflecting: roleCredentials))
        var dumpedCredentials = ""
        dump(roleCredentials, to: &dumpedCredentials)
        texts.append(dumpedCredentials)
        for text in texts {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "leaked \(secret.prefix(12))… in: \(text.prefix(300))")
            }
        }
        // The redaction keeps the rest of the message useful.
        #expect(errors.contains { "\($0)".contains("AccessDeniedException") && "\($0)".contains("<redacted>") })
    }
}
