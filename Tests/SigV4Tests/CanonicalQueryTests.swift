import SigV4
import Testing

@Suite("Canonical query string")
struct CanonicalQueryTests {
    private static func canonicalQuery(_ query: String) -> String {
        Fixed.canonicalLines(Fixed.request(query: query))[2]
    }

    @Test("parameters are sorted by name, then by value")
    func sorting() {
        #expect(Self.canonicalQuery("b=2&a=3&a=1&A=9") == "A=9&a=1&a=3&b=2")
    }

    @Test("sorting compares encoded bytes, not the raw ones")
    func sortsEncodedForm() {
        // Raw, 'é' (0xC3…) sorts after 'a'; encoded, "%C3%A9" sorts before it because '%' < 'a'.
        #expect(Self.canonicalQuery("a=1&é=2") == "%C3%A9=2&a=1")
    }

    @Test("every name and value is decoded and encoded again the SigV4 way")
    func reencoding() {
        #expect(Self.canonicalQuery("k=a b") == "k=a%20b")
        #expect(Self.canonicalQuery("k=a+b") == "k=a%2Bb")
        #expect(Self.canonicalQuery("k=%7e%2f") == "k=~%2F")
        #expect(Self.canonicalQuery("k=a%3Db") == "k=a%3Db")
        #expect(Self.canonicalQuery("na%20me=v/w") == "na%20me=v%2Fw")
    }

    @Test("a parameter without '=' has an empty value, and empty pieces are dropped")
    func emptyValues() {
        #expect(Self.canonicalQuery("flag&k=") == "flag=&k=")
        #expect(Self.canonicalQuery("&&a=1&") == "a=1")
        #expect(Self.canonicalQuery("") == "")
    }
}
