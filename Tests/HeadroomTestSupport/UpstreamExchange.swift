import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ``FaultProxy``'s side towards its upstream: one blocking HTTP/1.1 exchange per
/// request over a fresh connection (`Connection: close`), run on the proxy's connection thread.
enum UpstreamExchange {
    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: Data
    }

    /// Sends `request` as received (method, target, headers, body) and reads the whole
    /// answer; `nil` when the upstream cannot be reached or answers something unreadable.
    static func exchange(_ request: LoopbackHTTPServer.Request, host: String, port: Int) -> Answer? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }

        var head = "\(request.method) \(request.target) HTTP/1.1\r\n"
        let dropped: Set<String> = ["connection", "content-length", "keep-alive", "transfer-encoding", "expect"]
        for (name, value) in request.headers where !dropped.contains(name.lowercased()) {
            head += "\(name): \(value)\r\n"
        }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        guard writeAll(fd, Data(head.utf8) + request.body) else { return nil }

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return parse(received)
    }

    private static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Status line, headers, and a body by `Content-Length`, chunked coding, or up to the close.
    static func parse(_ data: Data) -> Answer? {
        guard let headEnd = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let headText = String(decoding: data[..<headEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Data(data[headEnd.upperBound...])
        let header = { (name: String) in headers.first { $0.0.lowercased() == name }?.1 }
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let decoded = dechunk(body) else { return nil }
            body = decoded
        } else if let length = header("content-length").flatMap(Int.init), length <= body.count {
            body = Data(body.prefix(length))
        }
        return Answer(status: status, headers: headers, body: body)
    }

    private static func dechunk(_ data: Data) -> Data? {
        var output = Data()
        var rest = Data(data)
        let lineEnd = Data("\r\n".utf8)
        while let end = rest.range(of: lineEnd) {
            let sizeText = String(decoding: rest[..<end.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { return nil }
            if size == 0 { return output }
            let start = end.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { return nil }
            let stop = rest.index(start, offsetBy: size)
            output.append(rest[start..<stop])
            rest = Data(rest[stop...].dropFirst(2))
        }
        return output
    }
}
