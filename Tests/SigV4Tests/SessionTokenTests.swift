import Foundation
import SigV4
import Testing

@Suite("Session tokens")
struct SessionTokenTests {
    private let request = Fixed.request("POST")

    @Test("a signed token is sent as X-Amz-Security-Token and listed in SignedHeaders")
    func signedHeaderToken() {
        let result = Fixed.signer(token: Fixed.token).sign(request, at: Fixed.time)
        #expect(result.signedRequest.headers.map(\.name) == ["Host", "X-Amz-Security-Token", "X-Amz-Date", "Authorization"])
        #expect(result.signedRequest.headerValues(named: "x-amz-security-token") == [Fixed.token])
        #expect(result.signedHeaders == "host;x-amz-date;x-amz-security-token")
        #expect(result.canonicalRequest.contains("\nx-amz-security-token:\(Fixed.token)\n"))
    }

    @Test("an omitted token is added after signing and does not change the signature")
    func omittedHeaderToken() {
        let options = SigningOptions(omitSessionToken: true)
        let result = Fixed.signer(options: options, token: Fixed.token).sign(request, at: Fixed.time)
        let withoutToken = Fixed.signer(options: options).sign(request, at: Fixed.time)
        #expect(result.signedRequest.headers.map(\.name) == ["Host", "X-Amz-Date", "Authorization", "X-Amz-Security-Token"])
        #expect(result.signedHeaders == "host;x-amz-date")
        #expect(result.signature == withoutToken.signature)
        #expect(!result.canonicalRequest.contains(Fixed.token))
    }

    @Test("a token header already in the request takes the credentials' token and is not duplicated")
    func existingTokenHeader() {
        let stale = Fixed.request("POST", headers: [("X-Amz-Security-Token", "stale")])
        let signed = Fixed.signer(token: Fixed.token).signed(stale, at: Fixed.time)
        #expect(signed.headerValues(named: "x-amz-security-token") == [Fixed.token])
        let omitted = Fixed.signer(options: SigningOptions(omitSessionToken: true), token: Fixed.token)
            .sign(stale, at: Fixed.time)
        #expect(omitted.signedRequest.headerValues(named: "x-amz-security-token") == [Fixed.token])
        #expect(omitted.signedHeaders == "host;x-amz-date")
    }

    @Test("a presigned token is in the canonical query, or appended after the signature when omitted")
    func presignedToken() throws {
        let encoded = URIEncoding.encode(Fixed.token)
        let signed = try Fixed.signer(token: Fixed.token).presign(request, at: Fixed.time, expires: 60)
        #expect(signed.canonicalRequest.contains("&X-Amz-Security-Token=\(encoded)&"))
        #expect(signed.signedRequest.query.hasSuffix("&X-Amz-Security-Token=\(encoded)&X-Amz-Signature=\(signed.signature)"))

        let options = SigningOptions(omitSessionToken: true)
        let omitted = try Fixed.signer(options: options, token: Fixed.token).presign(request, at: Fixed.time, expires: 60)
        let withoutToken = try Fixed.signer(options: options).presign(request, at: Fixed.time, expires: 60)
        #expect(!omitted.canonicalRequest.contains("Security-Token"))
        #expect(omitted.signature == withoutToken.signature)
        #expect(omitted.signedRequest.query.hasSuffix("&X-Amz-Signature=\(omitted.signature)&X-Amz-Security-Token=\(encoded)"))
    }
}
