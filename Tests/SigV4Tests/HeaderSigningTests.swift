import Foundation
import SigV4
import Testing

@Suite("Authorization-header signing")
struct HeaderSigningTests {
    private let other = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14T22:13:20Z

    @Test("X-Amz-Date is added from the signing time when missing")
    func addsDate() {
        let signed = Fixed.signer().signed(Fixed.request(), at: other)
        #expect(signed.headerValues(named: "x-amz-date") == ["20231114T221320Z"])
        let authorization = signed.headerValues(named: "Authorization")
        #expect(authorization.count == 1)
        #expect(authorization[0].hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature="))
        #expect(signed.headers.map(\.name) == ["Host", "X-Amz-Date", "Authorization"])
    }

    @Test("an X-Amz-Date already in the request is the signing time")
    func keepsDate() {
        let request = Fixed.request(headers: [("X-Amz-Date", "20150830T123600Z")])
        let signer = Fixed.signer()
        let atOtherTime = signer.sign(request, at: other)
        let atItsTime = signer.sign(request, at: Fixed.time)
        #expect(atOtherTime == atItsTime)
        #expect(atOtherTime.credentialScope == "20150830/us-east-1/service/aws4_request")
        #expect(atOtherTime.signedRequest.headerValues(named: "x-amz-date") == ["20150830T123600Z"])
    }

    @Test("signBody adds and signs x-amz-content-sha256")
    func signBody() {
        let signer = Fixed.signer(options: SigningOptions(signBody: true))
        let result = signer.sign(Fixed.request("POST", body: "Param1=value1"), at: Fixed.time)
        let hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"
        #expect(result.signedRequest.headerValues(named: "x-amz-content-sha256") == [hash])
        #expect(result.signedHeaders == "host;x-amz-content-sha256;x-amz-date")
        #expect(result.canonicalRequest.hasSuffix("\n\(hash)"))
        let unsigned = Fixed.signer().sign(Fixed.request("POST", body: "Param1=value1"), at: Fixed.time)
        #expect(unsigned.signedRequest.headerValues(named: "x-amz-content-sha256").isEmpty)
    }

    @Test("signing a signed request again replaces its Authorization header")
    func resign() {
        let signer = Fixed.signer(options: SigningOptions(signBody: true))
        let once = signer.signed(Fixed.request("POST", body: "{}"), at: Fixed.time)
        let twice = signer.signed(once, at: other)
        #expect(twice == once)
    }

    @Test("region, service and every option change the signature")
    func inputsMatter() {
        let request = Fixed.request(path: "/a//b%3A", headers: [("X-Amz-Date", "20150830T123600Z")], body: "x")
        let signatures = [
            Fixed.signer(),
            Fixed.signer(region: "eu-west-1"),
            Fixed.signer(service: "ecs"),
            Fixed.signer(options: SigningOptions(normalizePath: false)),
            Fixed.signer(options: SigningOptions(doubleURIEncode: false)),
            Fixed.signer(options: SigningOptions(signBody: true)),
        ].map { $0.signature(for: request, at: Fixed.time) }
        #expect(Set(signatures).count == signatures.count)
        #expect(signatures.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
    }
}
