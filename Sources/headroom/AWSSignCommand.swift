import ArgumentParser
import Foundation
import SigV4

/// `headroom aws sign`: signs a raw HTTP request and shows any step of SigV4.
struct AWSSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Sign a raw HTTP request with AWS Signature Version 4 and show the result or any step.",
        discussion: """
            Got `SignatureDoesNotMatch`? AWS's error message contains the canonical request and the \
            string to sign that *it* computed. Save the request you sent as a text file (request line, \
            headers, an empty line, the body), sign it here with the same region, service and time, \
            and compare:

              headroom aws sign --request req.txt --region us-east-1 --service ecs \\
                  --show canonical-request

            A difference in the canonical request shows what changed: the path (S3 wants \
            --no-normalize-path --no-double-encode), the query order or encoding, a header a proxy \
            added or rewrote after signing, or the body (its SHA-256 is the last line). If the \
            canonical requests agree but the strings to sign differ, the date, region or service \
            name (the credential scope) is wrong; if both agree, the secret key is.

            The request's own X-Amz-Date header is used as the signing time when present; \
            otherwise --time (default: now) is added as X-Amz-Date. Credentials come from \
            AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary credentials, \
            AWS_SESSION_TOKEN. Nothing is sent anywhere.

            The signed request is written in the layout of the input: a `.req` or `.sreq` file \
            (AWS's SigV4 test suite) gets the suite's `.sreq` layout, anything else is written as \
            HTTP/1.1 with LF line ends. Output ends exactly where the text ends: no newline is added.
            """
    )

    enum Step: String, ExpressibleByArgument, CaseIterable {
        case canonicalRequest = "canonical-request"
        case stringToSign = "string-to-sign"
        case signature
        case signedRequest = "signed-request"
    }

    @Option(name: .customLong("request"), help: ArgumentHelp("The raw HTTP/1.1 request to sign.", valueName: "file"))
    var requestFile: String

    @Option(help: "The region of the credential scope, e.g. us-east-1.")
    var region: String

    @Option(help: "The service's signing name, e.g. ecs, sts, execute-api, s3.")
    var service: String

    @Option(help: ArgumentHelp("The signing time when the request has no X-Amz-Date (default: now).", valueName: "2015-08-30T12:36:00Z"))
    var time: String?

    @Flag(help: "Put the signature in the query (a presigned URL) instead of an Authorization header.")
    var presign = false

    @Option(help: ArgumentHelp("Lifetime of the presigned URL, 1...604800 (default 3600).", valueName: "seconds"))
    var expires: Int?

    @Flag(help: "Sign the path as given, without removing . and .. segments or repeated slashes (S3).")
    var noNormalizePath = false

    @Flag(help: "Encode the path once instead of twice (S3).")
    var noDoubleEncode = false

    @Flag(help: "Add and sign x-amz-content-sha256 with the body's hash.")
    var signBody = false

    @Flag(help: "Add the session token after signing instead of signing it.")
    var omitSessionToken = false

    @Option(help: ArgumentHelp("What to print.", valueName: "step"))
    var show: Step = .signedRequest

    func run() throws {
        if expires != nil && !presign {
            throw SignFailure("--expires applies to presigned URLs only; add --presign")
        }
        let text = try AWSSignCommand.sign(
            requestFile: requestFile, region: region, service: service, time: time, presignExpires: presign ? (expires ?? 3600) : nil,
            options: SigningOptions(
                normalizePath: !noNormalizePath, doubleURIEncode: !noDoubleEncode, signBody: signBody,
                omitSessionToken: omitSessionToken
            ),
            show: show, credentials: try Self.credentials(from: ProcessInfo.processInfo.environment)
        )
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Reads, signs and renders; every failure is a ``SignFailure`` naming the file.
    static func sign(
        requestFile: String, region: String, service: String, time: String?, presignExpires: Int?,
        options: SigningOptions, show: Step, credentials: SigningCredentials
    ) throws -> String {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: requestFile)))
        } catch {
            throw SignFailure("\(requestFile): cannot read the file: \(error.localizedDescription)")
        }
        let request: SignableRequest
        do {
            request = try RawHTTPRequest.parse(bytes)
        } catch {
            throw SignFailure("\(requestFile): \(error)")
        }
        if let amzDate = request.headerValues(named: "X-Amz-Date").first {
            do {
                _ = try AmzDate(parsing: amzDate.trimmingCharacters(in: .whitespaces))
            } catch {
                throw SignFailure("\(requestFile): X-Amz-Date: \(error)")
            }
        }
        let date = try time.map(parseTime) ?? Date()
        let signer = SigV4Signer(credentials: credentials, region: region, service: service, options: options)
        let result: SigningResult
        if let expires = presignExpires {
            do {
                result = try signer.presign(request, at: date, expires: expires)
            } catch {
                throw SignFailure("--expires: \(error)")
            }
        } else {
            result = signer.sign(request, at: date)
        }
        switch show {
        case .canonicalRequest: return result.canonicalRequest
        case .stringToSign: return result.stringToSign
        case .signature: return result.signature
        case .signedRequest: return RawHTTPRequest.render(result.signedRequest, layout: layout(of: requestFile))
        }
    }

    /// The 2015 suite's `.req`/`.sreq` files have their own layout (see `RawHTTPRequest.Layout`).
    static func layout(of file: String) -> RawHTTPRequest.Layout {
        file.hasSuffix(".req") || file.hasSuffix(".sreq") ? .awsTestSuite2015 : .http
    }

    static func parseTime(_ text: String) throws -> Date {
        do {
            return try Date(text, strategy: .iso8601)
        } catch {
            throw SignFailure("--time: \"\(text)\" is not an ISO 8601 UTC time like 2015-08-30T12:36:00Z")
        }
    }

    /// Credentials from the environment only. The full chain (profiles, SSO, IMDS, ECS task roles)
    /// belongs to AWSClient; swap this function for it once it exists.
    static func credentials(from environment: [String: String]) throws -> SigningCredentials {
        guard let accessKeyID = environment["AWS_ACCESS_KEY_ID"], !accessKeyID.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else {
            throw SignFailure("no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return SigningCredentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: token)
    }
}

/// A one-line failure of `headroom aws sign`; ArgumentParser prints it as `Error: …` and exits 1.
struct SignFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
