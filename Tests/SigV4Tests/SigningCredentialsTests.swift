import SigV4
import Testing

@Suite("Credentials never print their secrets")
struct SigningCredentialsTests {
    private let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    private let token = "AQoDYXdzEPT//////////wEXAMPLEsessiontoken"

    @Test("description, debugDescription, interpolation and dump show the key ID only")
    func redaction() {
        let credentials = SigningCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: secret, sessionToken: token)
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            credentials.description, credentials.debugDescription, "\(credentials)",
            String(reflecting: credentials), dumped, "\([credentials])",
        ]
        for text in renderings {
            #expect(text.contains("ASIAEXAMPLE"))
            #expect(!text.contains(secret), "secret in \(text)")
            #expect(!text.contains(token), "token in \(text)")
            #expect(!text.contains("wJalr"), "part of the secret in \(text)")
        }
        #expect(credentials.description.contains("<redacted>"))
    }

    @Test("a signed request's description leaves out the token and the signature")
    func requestDescription() {
        let signed = Fixed.signer(token: token).signed(Fixed.request(query: "a=1"), at: Fixed.time)
        let text = "\(signed)"
        #expect(!text.contains(token))
        #expect(!text.contains("Signature="))
        #expect(text.contains("X-Amz-Security-Token"))
    }
}
