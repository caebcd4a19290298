import Foundation
import Logging
import SigV4

/// Calls one AWS service in one region: builds the request for the service's wire
/// protocol, signs it with SigV4, sends it, retries what may be retried and turns error
/// responses into ``AWSError``.
///
/// Copies share their retry quota and clock-skew offset, so create one client per service
/// and pass it around. Operations use ``json(_:input:as:)`` or ``query(_:parameters:)``
/// (see `AWSServiceClient+JSON.swift` and `AWSServiceClient+Query.swift`).
public struct AWSServiceClient: Sendable {
    /// The service this client calls.
    public let service: AWSService
    /// The region in the credential scope.
    public let region: Region
    /// Where requests go.
    public let endpoint: Endpoint
    /// Where signing credentials come from; `nil` for a client that only sends unsigned calls.
    public let credentialProvider: CredentialProvider?
    /// The retry policy.
    public let retryStrategy: RetryStrategy
    /// The retry token bucket shared by every call of this client (and its copies).
    public let retryQuota: RetryQuota
    let transport: any HTTPTransport
    let clock: WallClock
    let clockSkew: ClockSkew
    let logger: Logger

    /// The `User-Agent` sent with every request; it is not signed.
    public static let userAgent = "headroom-awsclient/0.1 lang/swift"

    /// Creates a client.
    /// - Parameters:
    ///   - service: The service to call.
    ///   - region: The region of the credential scope and the default endpoint.
    ///   - endpoint: Where to send requests; the default endpoint of `region` if `nil`.
    ///   - credentialProvider: Signing credentials; `nil` allows unsigned calls only.
    ///   - transport: How to send HTTP requests.
    ///   - retryStrategy: When to retry and how long to wait.
    ///   - clock: The wall clock for signing dates.
    ///   - logger: Receives one debug line per attempt; never secrets or bodies.
    public init(
        service: AWSService,
        region: Region,
        endpoint: Endpoint? = nil,
        credentialProvider: CredentialProvider?,
        transport: any HTTPTransport,
        retryStrategy: RetryStrategy = .standard,
        clock: WallClock = .system,
        logger: Logger = Logger(label: "headroom.aws")
    ) {
        self.service = service
        self.region = region
        self.endpoint = endpoint ?? Endpoint.defaultEndpoint(service: service, region: region)
        self.credentialProvider = credentialProvider
        self.transport = transport
        self.retryStrategy = retryStrategy
        self.retryQuota = RetryQuota(configuration: retryStrategy.quota)
        self.clock = clock
        self.clockSkew = ClockSkew()
        self.logger = logger
    }

    /// Sends one operation's body with retries and returns the successful response.
    ///
    /// - Parameters:
    ///   - operation: The operation name, for logs and errors.
    ///   - body: The encoded request body.
    ///   - headers: Protocol headers to sign along (`Content-Type`, `X-Amz-Target`, …).
    ///   - signed: Whether to sign; a few STS calls (AssumeRoleWithWebIdentity) are unsigned.
    ///   - secrets: Secrets in the body (a web identity token) to cut out of error messages,
    ///     besides the signing credentials, which are always cut out.
    /// - Throws: ``AWSError`` for an error response, ``HTTPTransportError`` when no response
    ///   came back, ``CredentialError`` when there are no credentials, `CancellationError`.
    public func send(
        operation: String,
        body: Data,
        headers: HTTPHeaders,
        signed: Bool = true,
        redacting secrets: [String] = []
    ) async throws -> HTTPResponse {
        var attempt = 0
        var lastRetryCost: Int?
        var correctedSkew = false
        var refreshedCredentials = false
        while true {
            attempt += 1
            try Task.checkCancellation()
            let credentials = try await signingCredentials(operation: operation, signed: signed)
            let signingDate = clock.now().addingTimeInterval(await clockSkew.offset)
            let request = makeRequest(body: body, headers: headers, credentials: credentials, at: signingDate)
            let started = ContinuousClock.now
            let failure: any Error
            do {
                let response = try await transport.send(request)
                let latency = ContinuousClock.now - started
                let serverDate = response.headers["Date"].flatMap(HTTPDate.parse)
                if let serverDate {
                    await clockSkew.observe(serverDate: serverDate, localNow: clock.now())
                }
                if response.isSuccess {
                    await retryQuota.recordSuccess(lastRetryCost: lastRetryCost)
                    log(operation, attempt: attempt, latency: latency, response: response, error: nil)
                    return response
                }
                let error = AWSError(
                    response: response, service: service, operation: operation,
                    redacting: (credentials?.secrets ?? []) + secrets
                )
                log(operation, attempt: attempt, latency: latency, response: response, error: error)
                if !correctedSkew, error.isClockSkewError, let serverDate,
                    abs(serverDate.timeIntervalSince(signingDate)) > ClockSkew.threshold
                {
                    // Signed at the wrong time: sign again with the corrected clock, once,
                    // without spending an attempt or quota.
                    correctedSkew = true
                    attempt -= 1
                    continue
                }
                if !refreshedCredentials, credentials != nil, AWSError.expiredCredentialCodes.contains(error.code),
                    let credentialProvider
                {
                    // Credentials revoked or rotated before their stated expiry: fetch new
                    // ones and try again, once, without spending an attempt or quota.
                    refreshedCredentials = true
                    await credentialProvider.invalidate()
                    attempt -= 1
                    continue
                }
                failure = error
            } catch let error as HTTPTransportError {
                log(operation, attempt: attempt, latency: ContinuousClock.now - started, transportError: error)
                failure = error
            }
            guard let reason = retryStrategy.retryReason(for: failure), attempt < retryStrategy.maxAttempts else {
                throw failure
            }
            guard let cost = await retryQuota.acquire(for: reason) else {
                logger.debug("retry quota exhausted; not retrying", metadata: metadata(operation, attempt: attempt))
                throw failure
            }
            lastRetryCost = cost
            let delay = retryStrategy.backoff(afterAttempt: attempt)
            var retryMetadata = metadata(operation, attempt: attempt)
            retryMetadata["aws.retry_reason"] = "\(reason.rawValue)"
            retryMetadata["aws.retry_delay_ms"] = "\(delay.milliseconds)"
            logger.debug("retrying AWS call", metadata: retryMetadata)
            try await retryStrategy.sleep(delay)
        }
    }

    private func signingCredentials(operation: String, signed: Bool) async throws -> AWSCredentials? {
        guard signed else { return nil }
        guard let credentialProvider else {
            throw AWSClientError.unsignedClient(service: service.serviceID, operation: operation)
        }
        return try await credentialProvider.credentials()
    }

    /// Headers sent but never signed: HTTP stacks and proxies add or rewrite them after
    /// signing (and moto drops them when it recomputes a signature).
    static let unsignedHeaderNames: Set<String> = [
        "user-agent", "connection", "expect", "te", "transfer-encoding", "x-amzn-trace-id",
    ]

    /// `POST <endpoint>` with `Host` and the protocol headers signed; ``unsignedHeaderNames``
    /// and `User-Agent` are added after signing.
    private func makeRequest(body: Data, headers: HTTPHeaders, credentials: AWSCredentials?, at date: Date) -> HTTPRequest {
        let url = endpoint.url
        let path = url.path.isEmpty ? "/" : url.path
        var fields = [HTTPHeaderField(name: "Host", value: Self.hostHeader(for: url))]
        var unsigned = HTTPHeaders()
        for field in headers {
            if Self.unsignedHeaderNames.contains(field.name.lowercased()) {
                unsigned.add(name: field.name, value: field.value)
            } else {
                fields.append(HTTPHeaderField(name: field.name, value: field.value))
            }
        }
        var signable = SignableRequest(method: "POST", path: path, query: "", headers: fields, body: [UInt8](body))
        if let credentials {
            let signer = SigV4Signer(credentials: credentials.signing, region: region.name, service: service.signingName)
            signable = signer.signed(signable, at: date)
        }
        var sent = HTTPHeaders()
        for field in signable.headers {
            sent.add(name: field.name, value: field.value)
        }
        for field in unsigned {
            sent.add(name: field.name, value: field.value)
        }
        if unsigned["User-Agent"] == nil {
            sent.add(name: "User-Agent", value: Self.userAgent)
        }
        let target = url.path.isEmpty ? url.appendingPathComponent("") : url
        return HTTPRequest(method: "POST", url: target, headers: sent, body: body)
    }

    /// The `Host` value the HTTP stack will send: the port only when it is not the scheme's default.
    static func hostHeader(for url: URL) -> String {
        var host = url.host ?? ""
        if host.contains(":") && !host.hasPrefix("[") {
            host = "[\(host)]"
        }
        guard let port = url.port else { return host }
        let defaultPort = url.scheme?.lowercased() == "https" ? 443 : 80
        return port == defaultPort ? host : "\(host):\(port)"
    }
}
