import Foundation
import Logging

/// Hands out credentials from a chain of sources, caching them and refreshing temporary
/// credentials before they expire.
///
/// The first source that returns credentials is kept for later refreshes. A refresh
/// starts ``refreshMargin`` before expiry; concurrent callers share one refresh. When a
/// refresh fails but the cached credentials have not expired yet, they are still handed
/// out and the refresh is tried again after ``retryInterval``.
public actor CredentialProvider {
    /// The sources in the order they are asked.
    public nonisolated let chain: [any CredentialSource]
    /// How long before expiry a refresh starts (default 5 minutes).
    public nonisolated let refreshMargin: TimeInterval
    /// How long to keep using still-valid credentials after a failed refresh before trying again.
    public nonisolated let retryInterval: TimeInterval
    private let clock: WallClock
    private let logger: Logger

    private var cached: AWSCredentials?
    private var selected: (any CredentialSource)?
    private var refresh: Task<AWSCredentials, any Error>?
    private var lastFailure: Date?

    /// Creates a provider over `chain`.
    public init(
        chain: [any CredentialSource],
        clock: WallClock = .system,
        refreshMargin: Duration = .seconds(300),
        retryInterval: Duration = .seconds(10),
        logger: Logger = Logger(label: "headroom.aws.credentials")
    ) {
        self.chain = chain
        self.clock = clock
        self.refreshMargin = refreshMargin.timeInterval
        self.retryInterval = retryInterval.timeInterval
        self.logger = logger
    }

    /// Creates a provider that always hands out `credentials`.
    public init(credentials: AWSCredentials) {
        self.init(chain: [StaticCredentialSource(credentials)])
    }

    /// The name of the source that supplied the credentials, once one has.
    public var sourceName: String? { selected?.name }

    /// Current credentials: cached ones while they are fresh, otherwise the result of a
    /// refresh shared with every other caller waiting for it.
    /// - Throws: ``CredentialError`` or the failure of the source (e.g. an STS ``AWSError``).
    public func credentials() async throws -> AWSCredentials {
        let now = clock.now()
        if let cached, isFresh(cached, at: now) {
            return cached
        }
        if let cached, let lastFailure, isUsable(cached, at: now), now.timeIntervalSince(lastFailure) < retryInterval {
            return cached
        }
        let task: Task<AWSCredentials, any Error>
        if let running = refresh {
            task = running
        } else {
            task = Task { try await self.fetch() }
            refresh = task
        }
        do {
            return try await task.value
        } catch {
            if let cached, isUsable(cached, at: clock.now()) {
                logger.debug(
                    "credential refresh failed; using cached credentials until they expire",
                    metadata: ["aws.credential_source": "\(selected?.name ?? "-")", "error": "\(error)"]
                )
                return cached
            }
            throw error
        }
    }

    /// Drops the cached credentials so the next call fetches new ones (e.g. after a
    /// service rejected them as expired).
    public func invalidate() {
        cached = nil
        lastFailure = nil
    }

    /// Runs in the shared refresh task, on this actor.
    private func fetch() async throws -> AWSCredentials {
        defer { refresh = nil }
        do {
            let (credentials, source) = try await fetchFromChain()
            cached = credentials
            selected = source
            lastFailure = nil
            logger.debug(
                "fetched AWS credentials",
                metadata: [
                    "aws.credential_source": "\(source.name)",
                    "aws.credential_expiration": "\(credentials.expiration.map { $0.formatted(.iso8601) } ?? "never")",
                ]
            )
            return credentials
        } catch {
            lastFailure = clock.now()
            throw error
        }
    }

    private func fetchFromChain() async throws -> (AWSCredentials, any CredentialSource) {
        if let selected {
            guard let credentials = try await selected.credentials() else {
                throw CredentialError.fetchFailed(source: selected.name, detail: "no longer provides credentials")
            }
            return (credentials, selected)
        }
        for source in chain {
            if let credentials = try await source.credentials() {
                return (credentials, source)
            }
        }
        throw CredentialError.noCredentials(tried: chain.map(\.name))
    }

    private func isFresh(_ credentials: AWSCredentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return now < expiration.addingTimeInterval(-refreshMargin)
    }

    private func isUsable(_ credentials: AWSCredentials, at now: Date) -> Bool {
        guard let expiration = credentials.expiration else { return true }
        return now < expiration
    }
}
