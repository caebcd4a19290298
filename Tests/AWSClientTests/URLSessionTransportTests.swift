import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("URLSessionTransport against a loopback server")
struct URLSessionTransportTests {
    @Test func sendsMethodHeadersAndBodyAndReturnsTheResponse() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            .status(201, headers: [("X-Echo", request.header("X-Test") ?? "missing")], body: "got \(request.bodyText)")
        }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let request = HTTPRequest(
            method: "POST",
            url: server.baseURL.appendingPathComponent("thing"),
            headers: ["X-Test": "hello", "Content-Type": "text/plain"],
            body: Data("payload".utf8)
        )
        let response = try await transport.send(request)
        #expect(response.status == 201)
        #expect(response.headers["x-echo"] == "hello")
        #expect(String(decoding: response.body, as: UTF8.self) == "got payload")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.path == "/thing")
        #expect(seen.bodyText == "payload")
    }

    @Test func errorStatusesAreResponsesNotErrors() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(503, body: "busy") }
        defer { server.stop() }
        let response = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: server.baseURL))
        #expect(response.status == 503)
        #expect(!response.isSuccess)
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(302, headers: [("Location", "/elsewhere")]) }
        defer { server.stop() }
        let response = try await URLSessionTransport().send(HTTPRequest(method: "GET", url: server.baseURL))
        #expect(response.status == 302)
        #expect(server.requests.count == 1)
    }

    @Test func declaredOversizedBodyIsRejected() async throws {
        let body = Data(repeating: 65, count: 4096)
        let server = try LoopbackHTTPServer { _, _ in .respond(status: 200, headers: [], body: body, delay: .zero) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBodySize: 1024))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.code == .responseTooLarge)
    }

    @Test func undeclaredOversizedBodyIsCutOff() async throws {
        let body = Data(repeating: 66, count: 200_000)
        let server = try LoopbackHTTPServer { _, _ in .closeDelimited(status: 200, body: body) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBodySize: 10_000))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.code == .responseTooLarge)
    }

    @Test func bodyExactlyAtTheLimitIsAccepted() async throws {
        let body = Data(repeating: 67, count: 1024)
        let server = try LoopbackHTTPServer { _, _ in .closeDelimited(status: 200, body: body) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(maxResponseBodySize: 1024))
        let response = try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        #expect(response.body == body)
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200, delay: .seconds(3)) }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(timeouts: .init(connect: .milliseconds(300), request: .seconds(2))))
        let started = ContinuousClock.now
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.code == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func stalledBodyHitsTheRequestDeadline() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .stallBody(status: 200, headers: [], body: Data("late".utf8), stall: .seconds(3))
        }
        defer { server.stop() }
        let transport = URLSessionTransport(configuration: .init(timeouts: .init(connect: .milliseconds(200), request: .milliseconds(600))))
        let error = await #expect(throws: HTTPTransportError.self) {
            try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        #expect(error?.code == .timedOut)
    }

    @Test(arguments: [LoopbackHTTPServer.Reply.close, .reset])
    func droppedConnectionIsAConnectionFailure(reply: LoopbackHTTPServer.Reply) async throws {
        let server = try LoopbackHTTPServer { _, _ in reply }
        defer { server.stop() }
        let error = await #expect(throws: HTTPTransportError.self) {
            try await URLSessionTransport().send(HTTPRequest(method: "POST", url: server.baseURL, body: Data("x".utf8)))
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test func refusedConnectionIsAConnectionFailure() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200) }
        let url = server.baseURL
        server.stop()
        let error = await #expect(throws: HTTPTransportError.self) {
            try await URLSessionTransport().send(HTTPRequest(method: "GET", url: url))
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test func cancellingTheCallerThrowsCancellationError() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200, delay: .seconds(2)) }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let call = Task { try await transport.send(HTTPRequest(method: "GET", url: server.baseURL)) }
        try await Task.sleep(for: .milliseconds(200))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
    }

    @Test func alreadyCancelledCallerDoesNotHang() async throws {
        let server = try LoopbackHTTPServer { _, _ in .status(200) }
        defer { server.stop() }
        let transport = URLSessionTransport()
        let call = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await transport.send(HTTPRequest(method: "GET", url: server.baseURL))
        }
        await #expect(throws: CancellationError.self) { try await call.value }
    }
}
