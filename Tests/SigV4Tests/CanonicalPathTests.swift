import SigV4
import Testing

@Suite("Canonical URI")
struct CanonicalPathTests {
    private static func canonicalPath(_ path: String, _ options: SigningOptions = .init()) -> String {
        Fixed.canonicalLines(Fixed.request(path: path), options: options)[1]
    }

    @Test(
        "normalisation removes dot segments and repeated slashes",
        arguments: [
            ("", "/"), ("/", "/"), ("//", "/"), ("/./", "/"), ("/..", "/"), ("/../..", "/"),
            ("/a/./b/../c", "/a/c"), ("//a//b//", "/a/b/"), ("/a/b/.", "/a/b/"), ("/a/b/..", "/a/"),
            ("/a/..b/c.", "/a/..b/c."), ("/example/..", "/"), ("/./example", "/example"),
        ]
    )
    func normalized(path: String, expected: String) {
        #expect(Self.canonicalPath(path) == expected)
    }

    @Test("without normalisation every segment is kept, as S3 keys need")
    func unnormalized() {
        let options = SigningOptions(normalizePath: false)
        #expect(Self.canonicalPath("/my-object//example//photo.user", options) == "/my-object//example//photo.user")
        #expect(Self.canonicalPath("/a/./b/../c", options) == "/a/./b/../c")
        #expect(Self.canonicalPath("//", options) == "//")
    }

    @Test("double encoding encodes the path as sent once more")
    func doubleEncoding() {
        #expect(Self.canonicalPath("/arn%3Aaws%3Alambda") == "/arn%253Aaws%253Alambda")
        #expect(Self.canonicalPath("/a b/ሴ") == "/a%20b/%E1%88%B4")
        #expect(Self.canonicalPath("/a+b=c,d~e_f-g.h") == "/a%2Bb%3Dc%2Cd~e_f-g.h")
    }

    @Test("single encoding leaves the path encoded exactly once")
    func singleEncoding() {
        let s3 = SigningOptions.s3
        #expect(Self.canonicalPath("/arn%3Aaws%3Alambda", s3) == "/arn%3Aaws%3Alambda")
        #expect(Self.canonicalPath("/a%20b/c d", s3) == "/a%20b/c%20d")
        // Lower-case escapes and needlessly escaped unreserved bytes come out in canonical form.
        #expect(Self.canonicalPath("/%7euser/%c3%a9", s3) == "/~user/%C3%A9")
        // An encoded slash stays inside its segment.
        #expect(Self.canonicalPath("/a%2Fb", s3) == "/a%2Fb")
        // A lone % is not an escape and is encoded.
        #expect(Self.canonicalPath("/100%", s3) == "/100%25")
    }
}
