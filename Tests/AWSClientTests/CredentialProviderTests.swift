import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

/// A source that counts fetches and hands out numbered temporary credentials.
private final class CountingSource: CredentialSource, @unchecked Sendable {
    let name: String
    private let lock = NSLock()
    private var count = 0
    private let clock: ManualClock
    private let lifetime: TimeInterval?
    private let delay: Duration
    private var failing = false

    init(name: String = "counting", clock: ManualClock, lifetime: TimeInterval? = 3600, delay: Duration = .zero) {
        self.name = name
        self.clock = clock
        self.lifetime = lifetime
        self.delay = delay
    }

    var fetches: Int { lock.withLock { count } }

    func fail(_ value: Bool) { lock.withLock { failing = value } }

    func credentials() async throws -> AWSCredentials? {
        if delay > .zero { try await Task.sleep(for: delay) }
        let (number, shouldFail) = lock.withLock {
            count += 1
            return (count, failing)
        }
        if shouldFail { throw TestFailure("source down") }
        return AWSCredentials(
            accessKeyID: "ASIA\(number)", secretAccessKey: "secret\(number)", sessionToken: "token\(number)",
            expiration: lifetime.map { clock.now.addingTimeInterval($0) }
        )
    }
}

private struct NothingSource: CredentialSource {
    let name: String
    func credentials() async throws -> AWSCredentials? { nil }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@Suite("CredentialProvider: caching, refresh, sharing")
struct CredentialProviderTests {
    @Test func temporaryCredentialsAreRefreshedFiveMinutesBeforeExpiry() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetime: 3600)
        let provider = CredentialProvider(chain: [source], clock: clock.wallClock)

        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        clock.advance(by: 3600 - 301)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(source.fetches == 1)
        clock.advance(by: 2)
        #expect(try await provider.credentials().accessKeyID == "ASIA2")
        #expect(source.fetches == 2)
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, delay: .milliseconds(200))
        let provider = CredentialProvider(chain: [source], clock: clock.wallClock)
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask { try await provider.credentials().accessKeyID }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(keys.count == 32)
        #expect(Set(keys) == ["ASIA1"])
        #expect(source.fetches == 1)
    }

    @Test func aFailedRefreshFallsBackToUnexpiredCredentialsThenFails() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetime: 3600)
        let provider = CredentialProvider(chain: [source], clock: clock.wallClock, retryInterval: .seconds(10))
        _ = try await provider.credentials()
        source.fail(true)
        clock.advance(by: 3400)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(source.fetches == 2)
        // Within the retry interval the source is left alone.
        clock.advance(by: 5)
        #expect(try await provider.credentials().accessKeyID == "ASIA1")
        #expect(source.fetches == 2)
        clock.advance(by: 200)
        await #expect(throws: TestFailure.self) { try await provider.credentials() }
        source.fail(false)
        #expect(try await provider.credentials().accessKeyID == "ASIA4")
    }

    @Test func credentialsWithoutExpiryAreFetchedOnce() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock, lifetime: nil)
        let provider = CredentialProvider(chain: [source], clock: clock.wallClock)
        for _ in 0..<3 {
            _ = try await provider.credentials()
            clock.advance(by: 86_400 * 30)
        }
        #expect(source.fetches == 1)
        #expect(await provider.sourceName == "counting")
    }

    @Test func theFirstSourceWithCredentialsIsKept() async throws {
        let clock = ManualClock()
        let first = NothingSource(name: "empty")
        let second = CountingSource(name: "second", clock: clock, lifetime: 60)
        let third = CountingSource(name: "third", clock: clock)
        let provider = CredentialProvider(chain: [first, second, third], clock: clock.wallClock)
        _ = try await provider.credentials()
        clock.advance(by: 120)
        _ = try await provider.credentials()
        #expect(second.fetches == 2)
        #expect(third.fetches == 0)
        #expect(await provider.sourceName == "second")
    }

    @Test func anEmptyChainNamesEverySourceItTried() async throws {
        let provider = CredentialProvider(chain: [NothingSource(name: "a"), NothingSource(name: "b")])
        let error = await #expect(throws: CredentialError.self) { try await provider.credentials() }
        #expect(error?.code == .noCredentials)
        #expect(error?.description == "no AWS credentials found; tried: a, b")
    }

    @Test func invalidateForcesAFetch() async throws {
        let clock = ManualClock()
        let source = CountingSource(clock: clock)
        let provider = CredentialProvider(chain: [source], clock: clock.wallClock)
        _ = try await provider.credentials()
        await provider.invalidate()
        #expect(try await provider.credentials().accessKeyID == "ASIA2")
    }
}
