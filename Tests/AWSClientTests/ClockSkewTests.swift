import HeadroomTestSupport
@testable import AWSClient
import Foundation
import Testing

@Suite("Clock skew correction")
struct ClockSkewTests {
    /// The server's time; our injected clock runs an hour behind it.
    private static let serverNow = Date(timeIntervalSince1970: 1_760_000_000)

    /// Answers RequestTimeTooSkewed unless X-Amz-Date is within 5 minutes of the server's
    /// time, like AWS; every answer carries the server's Date.
    private static func skewCheckingServer() throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { request, _ in
            let dateHeader = [("Date", StubFixtures.httpDate(serverNow))]
            guard let amzDate = request.header("X-Amz-Date"), let signedAt = parseAmzDate(amzDate),
                abs(signedAt.timeIntervalSince(serverNow)) <= 300
            else {
                return .xml(403, StubFixtures.queryError("RequestTimeTooSkewed", "too skewed"), headers: dateHeader)
            }
            return .xml(200, StubFixtures.callerIdentityXML, headers: dateHeader)
        }
    }

    private static func parseAmzDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }

    @Test func skewedSignatureIsRetriedOnceWithTheServerOffset() async throws {
        let server = try Self.skewCheckingServer()
        defer { server.stop() }
        let clock = ManualClock(Self.serverNow.addingTimeInterval(-3600))
        let sleeper = SleepRecorder()
        let sts = STSClient(client: StubFixtures.client(.sts, server: server, sleeper: sleeper, clock: clock.wallClock))

        _ = try await sts.getCallerIdentity()
        #expect(server.requests.count == 2)
        let retried = try #require(server.requests.last?.header("X-Amz-Date"))
        #expect(abs(try #require(Self.parseAmzDate(retried)).timeIntervalSince(Self.serverNow)) <= 1)
        #expect(sleeper.sleeps.isEmpty)
        // The skew retry is free: no quota spent, no backoff.
        #expect(await sts.client.retryQuota.available == 500)

        // The offset is kept: the next call is signed right the first time.
        _ = try await sts.getCallerIdentity()
        #expect(server.requests.count == 3)
    }

    @Test func aSkewedDateOnASuccessCorrectsLaterSignatures() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .xml(200, StubFixtures.callerIdentityXML, headers: [("Date", StubFixtures.httpDate(Self.serverNow))])
        }
        defer { server.stop() }
        let clock = ManualClock(Self.serverNow.addingTimeInterval(600))
        let sts = STSClient(client: StubFixtures.client(.sts, server: server, clock: clock.wallClock))
        _ = try await sts.getCallerIdentity()
        _ = try await sts.getCallerIdentity()
        let first = try #require(Self.parseAmzDate(server.requests[0].header("X-Amz-Date") ?? ""))
        let second = try #require(Self.parseAmzDate(server.requests[1].header("X-Amz-Date") ?? ""))
        #expect(first == Self.serverNow.addingTimeInterval(600))
        #expect(second == Self.serverNow)
    }

    @Test func smallDifferencesAreNotCorrected() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .xml(200, StubFixtures.callerIdentityXML, headers: [("Date", StubFixtures.httpDate(Self.serverNow))])
        }
        defer { server.stop() }
        let clock = ManualClock(Self.serverNow.addingTimeInterval(-120))
        let sts = STSClient(client: StubFixtures.client(.sts, server: server, clock: clock.wallClock))
        _ = try await sts.getCallerIdentity()
        _ = try await sts.getCallerIdentity()
        let second = try #require(Self.parseAmzDate(server.requests[1].header("X-Amz-Date") ?? ""))
        #expect(second == Self.serverNow.addingTimeInterval(-120))
    }

    @Test func aSkewErrorIsRetriedOnlyOnce() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .xml(
                403, StubFixtures.queryError("RequestTimeTooSkewed"),
                headers: [("Date", StubFixtures.httpDate(Date(timeIntervalSinceNow: 7200)))]
            )
        }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await STSClient(client: StubFixtures.client(.sts, server: server)).getCallerIdentity()
        }
        #expect(error?.code == "RequestTimeTooSkewed")
        #expect(server.requests.count == 2)
    }

    @Test func aSignatureErrorWithoutSkewIsNotRetried() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .xml(403, StubFixtures.queryError("SignatureDoesNotMatch"), headers: [("Date", StubFixtures.httpDate(Date()))])
        }
        defer { server.stop() }
        await #expect(throws: AWSError.self) {
            try await STSClient(client: StubFixtures.client(.sts, server: server)).getCallerIdentity()
        }
        #expect(server.requests.count == 1)
    }

    @Test func httpDatesAreParsed() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT") == Date(timeIntervalSince1970: 784_111_777))
        #expect(HTTPDate.parse("Thu, 29 Feb 2024 23:59:59 GMT") == Date(timeIntervalSince1970: 1_709_251_199))
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate.parse("garbage") == nil)
    }
}
