import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for tests (the public copy of AWSClientTests' own): raw POSIX sockets, one thread per
/// connection, `Connection: close` on every answer. It records every request and answers
/// through a handler that sees the request and its 0-based arrival index.
public final class LoopbackHTTPServer: @unchecked Sendable {
    /// A request as the server read it off the socket.
    public struct Request: Sendable {
        public var method: String
        /// The request target as sent, e.g. `/latest/api/token?x=1`.
        public var target: String
        public var headers: [(name: String, value: String)]
        public var body: Data

        public var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }

        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// The form fields of an `application/x-www-form-urlencoded` body.
        public var formFields: [String: String] {
            var fields: [String: String] = [:]
            for pair in bodyText.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                let name = parts[0].removingPercentEncoding ?? parts[0]
                let value = parts.count > 1 ? (parts[1].removingPercentEncoding ?? parts[1]) : ""
                fields[name] = value
            }
            return fields
        }
    }

    /// What the server does with a request.
    public enum Reply: Sendable {
        /// Answers with a status, headers and body, after an optional delay.
        case respond(status: Int, headers: [(String, String)], body: Data, delay: Duration)
        /// Closes the connection without a byte of answer (an empty reply).
        case close
        /// Resets the connection (RST) without answering.
        case reset
        /// Sends the response head, then stalls before the body.
        case stallBody(status: Int, headers: [(String, String)], body: Data, stall: Duration)
        /// Sends a head without Content-Length, then the body, then closes: the length
        /// is only known at the end.
        case closeDelimited(status: Int, body: Data)

        public static func status(_ status: Int, headers: [(String, String)] = [], body: String = "", delay: Duration = .zero) -> Reply {
            .respond(status: status, headers: headers, body: Data(body.utf8), delay: delay)
        }

        public static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Reply {
            .status(status, headers: [("Content-Type", "application/x-amz-json-1.1")] + headers, body: body)
        }

        public static func xml(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Reply {
            .status(status, headers: [("Content-Type", "text/xml")] + headers, body: body)
        }
    }

    public typealias Handler = @Sendable (Request, Int) -> Reply

    public let port: Int
    private let listener: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false
    private let acceptLoopDone = NSCondition()
    private var acceptLoopRunning = true

    /// Starts listening on an ephemeral port of 127.0.0.1.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError("bind/listen on 127.0.0.1 failed: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        self.listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:<port>`
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { lock.withLock { recorded } }

    /// Stops accepting connections and waits for the accept loop to end.
    public func stop() {
        let alreadyStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        acceptLoopDone.lock()
        while acceptLoopRunning {
            acceptLoopDone.wait()
        }
        acceptLoopDone.unlock()
        close(listener)
    }

    private func acceptLoop() {
        defer {
            acceptLoopDone.lock()
            acceptLoopRunning = false
            acceptLoopDone.signal()
            acceptLoopDone.unlock()
        }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            if lock.withLock({ stopped }) {
                close(connection)
                return
            }
            let thread = Thread { [self] in serve(connection) }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(connection) else {
            close(connection)
            return
        }
        let index = lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
        switch handler(request, index) {
        case .respond(let status, let headers, let body, let delay):
            if delay > .zero { Thread.sleep(forTimeInterval: Self.seconds(delay)) }
            writeAll(connection, Self.head(status: status, headers: headers, bodyLength: body.count) + body)
            close(connection)
        case .stallBody(let status, let headers, let body, let stall):
            writeAll(connection, Self.head(status: status, headers: headers, bodyLength: body.count))
            Thread.sleep(forTimeInterval: Self.seconds(stall))
            writeAll(connection, body)
            close(connection)
        case .closeDelimited(let status, let body):
            writeAll(connection, Data("HTTP/1.1 \(status) \(Self.reason(status))\r\nConnection: close\r\n\r\n".utf8))
            writeAll(connection, body)
            close(connection)
        case .close:
            close(connection)
        case .reset:
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            close(connection)
        }
    }

    private func readRequest(_ connection: Int32) -> Request? {
        var buffer = Data()
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        while headEnd == nil {
            guard let chunk = readChunk(connection) else { return nil }
            buffer.append(chunk)
            headEnd = buffer.range(of: separator)
        }
        guard let headEnd else { return nil }
        let headText = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        let lengthValue = headers.first { $0.name.lowercased() == "content-length" }?.value
        let expectedLength = Int(lengthValue ?? "0") ?? 0
        if headers.contains(where: { $0.name.lowercased() == "expect" && $0.value.lowercased() == "100-continue" }) {
            writeAll(connection, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        var body = Data(buffer[headEnd.upperBound...])
        while body.count < expectedLength {
            guard let chunk = readChunk(connection) else { return nil }
            body.append(chunk)
        }
        return Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readChunk(_ connection: Int32) -> Data? {
        var bytes = [UInt8](repeating: 0, count: 65536)
        let count = recv(connection, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        return Data(bytes[0..<count])
    }

    private func writeAll(_ connection: Int32, _ data: Data) {
        var offset = 0
        let bytes = [UInt8](data)
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    private static func head(status: Int, headers: [(String, String)], bodyLength: Int) -> Data {
        var text = "HTTP/1.1 \(status) \(reason(status))\r\n"
        for (name, value) in headers {
            text += "\(name): \(value)\r\n"
        }
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            text += "Content-Length: \(bodyLength)\r\n"
        }
        text += "Connection: close\r\n\r\n"
        return Data(text.utf8)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }

    public struct ServerError: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
