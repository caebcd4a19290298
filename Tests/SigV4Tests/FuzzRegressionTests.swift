import SigV4
import Testing

/// Inputs that `Fuzz/FuzzSigV4Canonicalizer` found to break a contract (RELIABILITY.md, "Fuzzing"),
/// kept byte for byte; each now gets the answer written next to it.
@Suite("SigV4 fuzzing regressions")
struct FuzzRegressionTests {
    /// The request line `GET ? HTTP/e:…` parsed to an empty path and query, which rendered as
    /// `GET  HTTP/1.1` and did not parse back. A target without a path is now refused.
    @Test("a request target with no path before '?' is malformed")
    func emptyPathTarget() {
        let input = "GET ? HTTP/e:20150830T1ost:example.amaz]naws.com\nMy-Header~: va   23600 23600Z"
        #expect {
            try RawHTTPRequest.parse(input)
        } throws: { error in
            guard let error = error as? SigV4Error else { return false }
            return error.code == .malformedRequest && error.message.hasPrefix("line 1:")
                && error.message.contains("no path")
        }
        #expect(throws: SigV4Error.self) { try RawHTTPRequest.parse("GET ?a=b HTTP/1.1\nHost:h\n") }
        // A path followed by an empty query is still a request.
        #expect((try? RawHTTPRequest.parse("GET /? HTTP/1.1\nHost:h\n"))?.path == "/")
    }

    /// A header value ending in bare CRs lost one CR on each render and parse, as a trailing CR
    /// reads as the CR of a CRLF line end. A CR that does not end a line is now refused.
    @Test("a carriage return inside a line is malformed")
    func bareCarriageReturn() {
        let input = "GET / 1: val36\nMy-Header1:value3\nMy-tHeader2: \"a  GHele[ \r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r\r \n"
            + "oc.Mder0:  236\nMy-Heared1:valuGHele[ \rvalue1\nMyder1: \r\r\r\r\r\r\r\r"
        #expect {
            try RawHTTPRequest.parse(input)
        } throws: { error in
            guard let error = error as? SigV4Error else { return false }
            return error.code == .malformedRequest && error.message.hasPrefix("line 3:")
        }
        // CRLF line ends, and a last line ending in CR without LF, are still accepted.
        #expect((try? RawHTTPRequest.parse("GET / HTTP/1.1\r\nHost:h\r\n\r\n"))?.headers == [HTTPHeaderField(name: "Host", value: "h")])
        #expect((try? RawHTTPRequest.parse("GET / HTTP/1.1\nHost:h\r"))?.headers == [HTTPHeaderField(name: "Host", value: "h")])
    }
}
