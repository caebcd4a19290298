import SigV4
import Testing

@Suite("Canonical headers")
struct CanonicalHeadersTests {
    @Test("names are lowercased and sorted; values trimmed with inner white space collapsed")
    func trimAndCollapse() {
        let lines = Fixed.canonicalLines(
            Fixed.request(headers: [("Zeta", "  a \t  b  "), ("X-Amz-Date", "20150830T123600Z"), ("ALPHA", "\"x   y\"")])
        )
        #expect(Array(lines[3...6]) == ["alpha:\"x y\"", "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "zeta:a b"])
        #expect(lines[8] == "alpha;host;x-amz-date;zeta")
    }

    @Test("headers of one name are joined with ',' in the order they appear")
    func duplicates() {
        let lines = Fixed.canonicalLines(
            Fixed.request(headers: [("My-Header1", "value4"), ("my-header1", " value1 "), ("MY-HEADER1", "value3")])
        )
        #expect(lines.contains("my-header1:value4,value1,value3"))
        #expect(lines.filter { $0.hasPrefix("my-header1") }.count == 1)
    }

    @Test("an obs-fold value is unfolded into one line")
    func obsFold() throws {
        let request = try RawHTTPRequest.parse(
            "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n  value2\n\t value3\nX-Amz-Date:20150830T123600Z"
        )
        #expect(request.headers[1].value == "value1\n  value2\n\t value3")
        let lines = Fixed.canonicalLines(request)
        #expect(lines.contains("my-header1:value1 value2 value3"))
    }

    @Test("headers proxies rewrite are not signed")
    func unsignedHeaders() {
        let lines = Fixed.canonicalLines(
            Fixed.request(headers: [
                ("User-Agent", "headroom/0.1"), ("X-Amzn-Trace-Id", "Root=1"), ("Expect", "100-continue"),
                ("Connection", "keep-alive"), ("Authorization", "old"), ("Content-Type", "application/json"),
            ])
        )
        #expect(lines[lines.count - 2] == "content-type;host;x-amz-date")
    }

    @Test("the payload hash is the body's SHA-256, or a given x-amz-content-sha256 value")
    func payloadHash() {
        let body = Fixed.canonicalLines(Fixed.request("POST", body: "Param1=value1"))
        #expect(body.last == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
        let empty = Fixed.canonicalLines(Fixed.request())
        #expect(empty.last == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let unsigned = Fixed.canonicalLines(
            Fixed.request("PUT", headers: [("x-amz-content-sha256", "UNSIGNED-PAYLOAD")], body: "data")
        )
        #expect(unsigned.last == "UNSIGNED-PAYLOAD")
        #expect(unsigned.contains("x-amz-content-sha256:UNSIGNED-PAYLOAD"))
    }
}
