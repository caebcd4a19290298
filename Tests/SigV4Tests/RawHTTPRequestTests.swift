import Foundation
import SigV4
import Testing

@Suite("Raw HTTP request text")
struct RawHTTPRequestTests {
    @Test("a request line, headers and a body")
    func parse() throws {
        let request = try RawHTTPRequest.parse(
            "POST /a%20b/?x=1&y HTTP/1.1\nHost:example.amazonaws.com\nMy-Header: value \n\nline1\nline2\n"
        )
        #expect(request.method == "POST")
        #expect(request.path == "/a%20b/")
        #expect(request.query == "x=1&y")
        #expect(request.headers == [
            HTTPHeaderField(name: "Host", value: "example.amazonaws.com"),
            HTTPHeaderField(name: "My-Header", value: " value "),
        ])
        #expect(request.body == Array("line1\nline2\n".utf8))
    }

    @Test("a target with spaces, CRLF line ends, and a request line without a version")
    func lenientForms() throws {
        let spaced = try RawHTTPRequest.parse("GET /example space/ HTTP/1.1\r\nHost:h\r\n\r\nbody")
        #expect(spaced.path == "/example space/")
        #expect(spaced.headers == [HTTPHeaderField(name: "Host", value: "h")])
        #expect(spaced.body == Array("body".utf8))
        let noVersion = try RawHTTPRequest.parse("GET /x?a=b\nHost:h\n")
        #expect(noVersion.path == "/x")
        #expect(noVersion.query == "a=b")
    }

    @Test("every vector request renders back byte for byte in its suite's layout")
    func roundTrips() throws {
        let fixtures = VectorSuites.fixtures
        var checked = 0
        let enumerator = try #require(FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil))
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            let layout: RawHTTPRequest.Layout
            if name.hasSuffix(".req") || name.hasSuffix(".sreq") {
                layout = .awsTestSuite2015
            } else if name.hasSuffix("-signed-request.txt"), url.path.contains("aws-signing-test-suite") {
                layout = .http
            } else {
                continue
            }
            let bytes = try Data(contentsOf: url)
            let rendered = RawHTTPRequest.render(try RawHTTPRequest.parse(Array(bytes)), layout: layout)
            #expect(Array(rendered.utf8) == Array(bytes), "\(url.path)")
            checked += 1
        }
        #expect(checked == 22 * 2 + 26 * 2)
    }

    @Test(
        "malformed text names the line",
        arguments: [
            ("", "line 1"), ("GET\nHost:h", "line 1"), ("GET / HTTP/1.1\nHost h", "line 2"),
            ("GET / HTTP/1.1\n  folded", "line 2"), ("GET / HTTP/1.1\nHost:h\nBad Name:v", "line 3"),
            ("GET / HTTP/1.1\n:v", "line 2"),
        ]
    )
    func malformed(text: String, line: String) {
        #expect {
            try RawHTTPRequest.parse(text)
        } throws: { error in
            guard let error = error as? SigV4Error else { return false }
            return error.code == .malformedRequest && error.message.hasPrefix(line + ":")
        }
    }
}
