import SigV4
import Testing

@Suite("URI encoding")
struct URIEncodingTests {
    @Test("unreserved bytes pass; everything else is %XY with upper-case hex")
    func encoding() {
        #expect(URIEncoding.encode("AZaz09-_.~") == "AZaz09-_.~")
        #expect(URIEncoding.encode("a/b c+d=e&f%g:h") == "a%2Fb%20c%2Bd%3De%26f%25g%3Ah")
        #expect(URIEncoding.encode("ሴ") == "%E1%88%B4")
        #expect(URIEncoding.encode("") == "")
    }

    @Test("every byte outside the unreserved set is encoded")
    func allBytes() {
        for scalar in (0x20 as UInt8)...0x7E {
            let character = String(UnicodeScalar(scalar))
            let encoded = URIEncoding.encode(character)
            let unreserved = character.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } || "-_.~".contains(character)
            #expect(encoded == (unreserved ? character : "%" + String(scalar, radix: 16, uppercase: true)), "\(character)")
        }
    }
}
