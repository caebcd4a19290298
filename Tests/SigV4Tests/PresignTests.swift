import Foundation
import SigV4
import Testing

@Suite("Presigned URLs")
struct PresignTests {
    @Test("a lifetime outside 1...604800 seconds is rejected", arguments: [Int.min, -1, 0, 604_801, Int.max])
    func invalidExpiration(seconds: Int) {
        #expect {
            try Fixed.signer().presigned(Fixed.request(), at: Fixed.time, expires: seconds)
        } throws: { error in
            guard let error = error as? SigV4Error else { return false }
            return error.code == .invalidExpiration && error.message.contains("\(seconds)")
        }
    }

    @Test("the bounds themselves are accepted", arguments: [1, 604_800])
    func boundaryExpiration(seconds: Int) throws {
        let signed = try Fixed.signer().presigned(Fixed.request(), at: Fixed.time, expires: seconds)
        #expect(signed.query.contains("&X-Amz-Expires=\(seconds)&"))
    }

    @Test("the signature goes in the query; the headers are left as they were")
    func queryOnly() throws {
        let request = Fixed.request(query: "Action=List&Version=1")
        let result = try Fixed.signer().presign(request, at: Fixed.time, expires: 3600)
        #expect(result.signedRequest.headers == request.headers)
        #expect(
            result.signedRequest.query
                == "Action=List&Version=1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                + "&X-Amz-Signature=\(result.signature)"
        )
        #expect(result.signedHeaders == "host")
    }

    @Test("unsignedPayload signs UNSIGNED-PAYLOAD, as S3 presigned URLs need")
    func unsignedPayload() throws {
        var options = SigningOptions.s3
        options.unsignedPayload = true
        let result = try Fixed.signer(options: options, service: "s3")
            .presign(Fixed.request(path: "/my-object//photo.user", body: "ignored"), at: Fixed.time, expires: 900)
        let lines = result.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/my-object//photo.user")
        #expect(lines.last == "UNSIGNED-PAYLOAD")
        // Header signing sends the same value as x-amz-content-sha256.
        let signed = Fixed.signer(options: options, service: "s3").signed(Fixed.request("PUT", body: "data"), at: Fixed.time)
        #expect(signed.headerValues(named: "x-amz-content-sha256") == ["UNSIGNED-PAYLOAD"])
    }
}
