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
}
