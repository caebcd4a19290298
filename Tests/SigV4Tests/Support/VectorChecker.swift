import Foundation
import SigV4
import Testing

/// Signs one vector case and compares every expected file it has.
enum VectorChecker {
    /// Runs `vector` and returns how many expected files were compared.
    @discardableResult
    static func check(_ vector: VectorCase) throws -> Int {
        let request = try vector.request()
        let signer = vector.signer()
        let result: SigningResult
        switch vector.mode {
        case .header:
            result = signer.sign(request, at: vector.time)
            // The contract's one-value functions must agree with the full result.
            #expect(signer.signed(request, at: vector.time) == result.signedRequest, "\(vector): signed(_:at:)")
            #expect(signer.canonicalRequest(for: request, at: vector.time) == result.canonicalRequest, "\(vector)")
            #expect(signer.stringToSign(for: request, at: vector.time) == result.stringToSign, "\(vector)")
            #expect(signer.signature(for: request, at: vector.time) == result.signature, "\(vector)")
        case .presign(let expires):
            result = try signer.presign(request, at: vector.time, expires: expires)
            #expect(try signer.presigned(request, at: vector.time, expires: expires) == result.signedRequest, "\(vector)")
        }

        var compared = 0
        for artifact in VectorCase.Artifact.allCases {
            guard var expected = try vector.expectedText(artifact) else { continue }
            let actual: String
            switch artifact {
            case .canonicalRequest:
                actual = result.canonicalRequest
            case .stringToSign:
                actual = result.stringToSign
                if vector.suite == .smithyRS {
                    // smithy-rs writes the file with a line break after the hash; the string that
                    // is signed has none (the signature check below proves it).
                    #expect(expected.hasSuffix("\n"), "\(vector): smithy-rs string-to-sign lost its final line break")
                    expected.removeLast()
                }
            case .signature:
                actual = result.signature
            case .authorization:
                actual = result.signedRequest.headerValues(named: "Authorization").joined(separator: "|")
            case .signedRequest:
                switch vector.suite {
                case .aws2015:
                    actual = RawHTTPRequest.render(result.signedRequest, layout: .awsTestSuite2015)
                case .awsCAuth:
                    actual = RawHTTPRequest.render(result.signedRequest, layout: .http)
                case .smithyRS:
                    try expectSameRequest(result.signedRequest, asWrittenBySmithy: expected, vector)
                    compared += 1
                    continue
                }
            }
            #expect(actual == expected, "\(vector): \(artifact.rawValue) differs")
            compared += 1
        }
        return compared
    }

    /// smithy-rs writes its signed request in its own debug form (no `HTTP/1.1`, `Authorization: `
    /// with a space, no empty line), so it is compared parsed: the same request line, body and
    /// header names byte for byte, the values after trimming the space after the colon.
    private static func expectSameRequest(
        _ actual: SignableRequest, asWrittenBySmithy text: String, _ vector: VectorCase
    ) throws {
        let expected = try RawHTTPRequest.parse(text)
        #expect(actual.method == expected.method, "\(vector): method")
        #expect(actual.path == expected.path, "\(vector): path")
        #expect(actual.query == expected.query, "\(vector): query")
        #expect(actual.body == expected.body, "\(vector): body")
        #expect(actual.headers.map(\.name) == expected.headers.map(\.name), "\(vector): header names")
        let trim = { (value: String) in value.trimmingCharacters(in: .whitespaces) }
        #expect(actual.headers.map { trim($0.value) } == expected.headers.map { trim($0.value) }, "\(vector): header values")
    }
}
