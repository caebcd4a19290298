import Foundation
import SigV4
import Testing

/// One signing case of a vector suite: a request, how to sign it, and the files holding the
/// expected results.
struct VectorCase: Sendable, CustomTestStringConvertible {
    enum Suite: String, Sendable {
        /// AWS's 2015 suite (`.req`, `.creq`, `.sts`, `.authz`, `.sreq`).
        case aws2015 = "aws-sig-v4-test-suite"
        /// aws-c-auth's suite (`context.json`, `request.txt`, `header-*` and `query-*` files).
        case awsCAuth = "aws-signing-test-suite"
        /// smithy-rs's extra cases (same file names as aws-c-auth, no `context.json`).
        case smithyRS = "smithy-rs-extra"
    }

    enum Mode: Sendable, Equatable {
        case header
        case presign(expires: Int)
    }

    /// The expected results a case may have a file for.
    enum Artifact: String, Sendable, CaseIterable {
        case canonicalRequest = "canonical request"
        case stringToSign = "string to sign"
        case signature
        case authorization = "Authorization value"
        case signedRequest = "signed request"
    }

    var suite: Suite
    var name: String
    var mode: Mode
    var requestFile: URL
    var credentials: SigningCredentials
    var region: String
    var service: String
    var options: SigningOptions
    var time: Date
    var expected: [Artifact: URL]

    var testDescription: String {
        let modeName = mode == .header ? "header" : "presigned"
        return "\(suite.rawValue)/\(name) (\(modeName))"
    }

    func signer() -> SigV4Signer {
        SigV4Signer(credentials: credentials, region: region, service: service, options: options)
    }

    func request() throws -> SignableRequest {
        try RawHTTPRequest.parse(Array(Data(contentsOf: requestFile)))
    }

    func expectedText(_ artifact: Artifact) throws -> String? {
        guard let url = expected[artifact] else { return nil }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
