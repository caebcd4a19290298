/// Reads and writes requests in the text form of the SigV4 test vectors: a request line, header
/// lines (obs-fold continuation lines included), an empty line and the body.
///
/// Reading accepts LF or CRLF line ends and a request line with or without the `HTTP/1.1`
/// version; header values are kept exactly as written (see ``HTTPHeaderField``), so a parsed
/// request renders back to the same text in the same ``Layout``.
public enum RawHTTPRequest {
    /// How the text is laid out; the two published suites differ.
    public enum Layout: Sendable, Hashable {
        /// As on the wire but with LF line ends: `METHOD target HTTP/1.1`, every header line ended
        /// by a line break, an empty line, then the body. The aws-c-auth suite's `request.txt` and
        /// `*-signed-request.txt` files.
        case http
        /// AWS's 2015 suite's `.req` and `.sreq` files: lines separated by LF with no line break at
        /// the end, the empty line and body only when there is a body, and the `Authorization`
        /// header written `Authorization: value` (with a space).
        case awsTestSuite2015
    }

    /// Reads a request from its text.
    /// - Throws: ``SigV4Error`` with code ``SigV4Error/Code/malformedRequest`` naming the line.
    public static func parse(_ text: String) throws -> SignableRequest {
        try parse(Array(text.utf8))
    }

    /// Reads a request from the bytes of its text; the body may be any bytes.
    /// - Throws: ``SigV4Error`` with code ``SigV4Error/Code/malformedRequest`` naming the line.
    public static func parse(_ bytes: [UInt8]) throws -> SignableRequest {
        var lines = [String]()
        var body = [UInt8]()
        var start = 0
        while start < bytes.count {
            let lineEnd = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty, !lines.isEmpty {
                body = lineEnd < bytes.count ? Array(bytes[(lineEnd + 1)...]) : []
                break
            }
            // HTTP allows CR only before LF; a value ending in a bare CR could not be written back.
            if line.contains(UInt8(ascii: "\r")) {
                throw SigV4Error.malformedRequest(
                    line: lines.count + 1, "carriage return inside a line: lines end with LF or CRLF")
            }
            lines.append(String(decoding: line, as: UTF8.self))
            start = lineEnd + 1
        }
        guard let requestLine = lines.first else {
            throw SigV4Error.malformedRequest(line: 1, "empty request: expected a request line like \"GET / HTTP/1.1\"")
        }
        var request = try parseRequestLine(requestLine)
        request.body = body
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            if let first = line.utf8.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                guard !request.headers.isEmpty else {
                    throw SigV4Error.malformedRequest(line: lineNumber, "continuation line before any header")
                }
                request.headers[request.headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw SigV4Error.malformedRequest(line: lineNumber, "header line has no ':': \"\(line)\"")
            }
            let name = line[..<colon]
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw SigV4Error.malformedRequest(line: lineNumber, "invalid header name \"\(name)\"")
            }
            request.headers.append(HTTPHeaderField(name: String(name), value: String(line[line.index(after: colon)...])))
        }
        return request
    }

    /// `METHOD target [HTTP/x.y]`; the target may contain spaces (the vectors have `/example space/`),
    /// so the version is recognised only as the last word.
    private static func parseRequestLine(_ line: String) throws -> SignableRequest {
        guard let space = line.firstIndex(of: " ") else {
            throw SigV4Error.malformedRequest(line: 1, "request line \"\(line)\" has no target: expected \"METHOD /path HTTP/1.1\"")
        }
        let method = String(line[..<space])
        var target = line[line.index(after: space)...]
        if let lastSpace = target.lastIndex(of: " "), target[target.index(after: lastSpace)...].hasPrefix("HTTP/") {
            target = target[..<lastSpace]
        }
        guard !method.isEmpty, !target.isEmpty else {
            throw SigV4Error.malformedRequest(line: 1, "request line \"\(line)\" is not \"METHOD /path HTTP/1.1\"")
        }
        let path: Substring
        let query: Substring
        if let question = target.firstIndex(of: "?") {
            path = target[..<question]
            query = target[target.index(after: question)...]
        } else {
            path = target
            query = ""
        }
        // A target of only "?query" has no path to sign, and would render as a request line
        // without a target.
        guard !path.isEmpty else {
            throw SigV4Error.malformedRequest(line: 1, "request line \"\(line)\" has no path before '?': expected \"METHOD /path?query HTTP/1.1\"")
        }
        return SignableRequest(method: method, path: String(path), query: String(query))
    }

    /// Writes `request` in the ``Layout/http`` layout.
    public static func render(_ request: SignableRequest) -> String {
        render(request, layout: .http)
    }

    /// Writes `request` in `layout`.
    public static func render(_ request: SignableRequest, layout: Layout) -> String {
        let target = request.query.isEmpty ? request.path : "\(request.path)?\(request.query)"
        var lines = ["\(request.method) \(target) HTTP/1.1"]
        for header in request.headers {
            let separator =
                layout == .awsTestSuite2015 && HeaderName.equalsIgnoringASCIICase(header.name, "authorization")
                    && !(header.value.first?.isWhitespace ?? false) ? ": " : ":"
            lines.append(header.name + separator + header.value)
        }
        let body = String(decoding: request.body, as: UTF8.self)
        switch layout {
        case .http:
            return lines.joined(separator: "\n") + "\n\n" + body
        case .awsTestSuite2015:
            let head = lines.joined(separator: "\n")
            return request.body.isEmpty ? head : head + "\n\n" + body
        }
    }
}
