import Foundation
import SigV4

/// Inputs shared by the unit tests (the vector suites' example key and time).
enum Fixed {
    static let credentials = VectorSuites.exampleCredentials
    static let time = VectorSuites.exampleTime
    static let token = "AQoDYXdzEPT//////////wEXAMPLEtoken+/="

    static func signer(
        options: SigningOptions = .init(), token: String? = nil, region: String = "us-east-1", service: String = "service"
    ) -> SigV4Signer {
        var credentials = credentials
        credentials.sessionToken = token
        return SigV4Signer(credentials: credentials, region: region, service: service, options: options)
    }

    static func request(
        _ method: String = "GET", path: String = "/", query: String = "", headers: [(String, String)] = [],
        body: String = ""
    ) -> SignableRequest {
        SignableRequest(
            method: method, path: path, query: query,
            headers: [HTTPHeaderField(name: "Host", value: "example.amazonaws.com")]
                + headers.map { HTTPHeaderField(name: $0.0, value: $0.1) },
            body: Array(body.utf8)
        )
    }

    /// The lines of the canonical request: method, path, query, headers…, "", signed headers, hash.
    static func canonicalLines(_ request: SignableRequest, options: SigningOptions = .init()) -> [String] {
        signer(options: options).canonicalRequest(for: request, at: time)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
