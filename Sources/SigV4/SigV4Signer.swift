import Crypto
import Foundation

/// Signs requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`), in an `Authorization` header
/// or as a presigned URL.
///
/// Signing is synchronous and safe to call from any thread; derived keys come from a shared
/// ``SigningKeyCache``.
///
/// Headers named `authorization`, `connection`, `expect`, `user-agent` and `x-amzn-trace-id` are
/// never signed: proxies and HTTP stacks change them after signing.
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts the string to sign and the `Authorization` value.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The longest lifetime of a presigned URL, seven days.
    public static let maximumPresignExpiration = 604_800

    /// The credentials requests are signed with.
    public var credentials: SigningCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `ecs` or `execute-api`.
    public var service: String
    /// The rule variants to follow.
    public var options: SigningOptions
    private let keyCache: SigningKeyCache

    /// Creates a signer that uses ``SigningKeyCache/shared``.
    public init(credentials: SigningCredentials, region: String, service: String, options: SigningOptions = .init()) {
        self.init(credentials: credentials, region: region, service: service, options: options, keyCache: .shared)
    }

    /// Creates a signer that keeps its derived keys in `keyCache`.
    public init(
        credentials: SigningCredentials, region: String, service: String, options: SigningOptions,
        keyCache: SigningKeyCache
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = keyCache
    }

    // MARK: - The contract

    /// Returns the request with `X-Amz-Date` (unless already present: then it is used as the
    /// signing time), `X-Amz-Security-Token`, `x-amz-content-sha256` (if ``SigningOptions/signBody``)
    /// and `Authorization` added. An `Authorization` header already present is replaced.
    public func signed(_ request: SignableRequest, at date: Date) -> SignableRequest {
        sign(request, at: date).signedRequest
    }

    /// Returns the request with the signature in the query (a presigned URL): `X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`, `X-Amz-Expires`,
    /// `X-Amz-Security-Token` and `X-Amz-Signature` are appended to the query.
    /// - Parameter expires: Seconds the URL stays valid, 1...604800.
    /// - Throws: ``SigV4Error`` with code ``SigV4Error/Code/invalidExpiration`` for any other lifetime.
    public func presigned(_ request: SignableRequest, at date: Date, expires: Int) throws -> SignableRequest {
        try presign(request, at: date, expires: expires).signedRequest
    }

    /// The canonical request that ``signed(_:at:)`` signs.
    public func canonicalRequest(for request: SignableRequest, at date: Date) -> String {
        sign(request, at: date).canonicalRequest
    }

    /// The string to sign that ``signed(_:at:)`` signs.
    public func stringToSign(for request: SignableRequest, at date: Date) -> String {
        sign(request, at: date).stringToSign
    }

    /// The signature that ``signed(_:at:)`` puts in the `Authorization` header.
    public func signature(for request: SignableRequest, at date: Date) -> String {
        sign(request, at: date).signature
    }

    // MARK: - Signing with the intermediate steps

    /// Signs `request` in an `Authorization` header and returns the signed request together with
    /// the canonical request and string to sign.
    public func sign(_ request: SignableRequest, at date: Date) -> SigningResult {
        var out = request
        Self.removeAuthorization(from: &out)
        let token = credentials.sessionToken
        if token != nil, options.omitSessionToken {
            out.headers.removeAll { HeaderName.equalsIgnoringASCIICase($0.name, Self.tokenName) }
        } else if let token {
            if let index = out.firstHeaderIndex(named: Self.tokenName) {
                out.headers[index].value = token
            } else {
                out.headers.append(HTTPHeaderField(name: "X-Amz-Security-Token", value: token))
            }
        }
        let amzDate: AmzDate
        if let index = out.firstHeaderIndex(named: "x-amz-date") {
            amzDate = AmzDate(unchecked: Self.trimmed(out.headers[index].value))
        } else {
            amzDate = AmzDate(date)
            out.headers.append(HTTPHeaderField(name: "X-Amz-Date", value: amzDate.text))
        }
        let payloadHash: String
        if let index = out.firstHeaderIndex(named: Self.contentHashName) {
            payloadHash = Self.trimmed(out.headers[index].value)
        } else {
            payloadHash = self.payloadHash(of: out.body)
            if options.signBody {
                out.headers.append(HTTPHeaderField(name: Self.contentHashName, value: payloadHash))
            }
        }

        let headers = CanonicalHeaders(out.headers)
        let signedHeaders = headers.signedHeaders
        let canonical = CanonicalRequest.bytes(
            method: out.method, path: out.path, query: out.query, headers: headers,
            signedHeaders: signedHeaders, payloadHash: payloadHash, options: options
        )
        let scope = credentialScope(amzDate)
        let stringToSign = Self.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let signature = sign(stringToSign, scopeDate: amzDate.scopeDate)
        let signedHeaderList = String(decoding: signedHeaders, as: UTF8.self)

        let authorization =
            "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaderList), Signature=\(signature)"
        out.headers.append(HTTPHeaderField(name: "Authorization", value: authorization))
        if let token, options.omitSessionToken {
            out.headers.append(HTTPHeaderField(name: "X-Amz-Security-Token", value: token))
        }
        return SigningResult(
            signedRequest: out, signature: signature, signedHeaders: signedHeaderList, credentialScope: scope,
            canonicalRequestBytes: canonical, stringToSignBytes: stringToSign
        )
    }

    /// Signs `request` as a presigned URL valid for `expires` seconds and returns the signed request
    /// together with the canonical request and string to sign.
    /// - Throws: ``SigV4Error`` with code ``SigV4Error/Code/invalidExpiration`` unless
    ///   `expires` is in 1...604800.
    public func presign(_ request: SignableRequest, at date: Date, expires: Int) throws -> SigningResult {
        guard (1...Self.maximumPresignExpiration).contains(expires) else {
            throw SigV4Error.invalidExpiration(expires)
        }
        var out = request
        Self.removeAuthorization(from: &out)
        let amzDate: AmzDate
        if let index = out.firstHeaderIndex(named: "x-amz-date") {
            amzDate = AmzDate(unchecked: Self.trimmed(out.headers[index].value))
        } else {
            amzDate = AmzDate(date)
        }
        let payloadHash: String
        if let index = out.firstHeaderIndex(named: Self.contentHashName) {
            payloadHash = Self.trimmed(out.headers[index].value)
        } else {
            payloadHash = self.payloadHash(of: out.body)
        }

        let headers = CanonicalHeaders(out.headers)
        let signedHeaders = headers.signedHeaders
        let signedHeaderList = String(decoding: signedHeaders, as: UTF8.self)
        let scope = credentialScope(amzDate)
        let token = credentials.sessionToken

        var added = "X-Amz-Algorithm=\(Self.algorithm)"
        added += "&X-Amz-Credential=\(URIEncoding.encode("\(credentials.accessKeyID)/\(scope)"))"
        added += "&X-Amz-Date=\(URIEncoding.encode(amzDate.text))"
        added += "&X-Amz-SignedHeaders=\(URIEncoding.encode(signedHeaderList))"
        added += "&X-Amz-Expires=\(expires)"
        if let token, !options.omitSessionToken {
            added += "&X-Amz-Security-Token=\(URIEncoding.encode(token))"
        }
        out.query = out.query.isEmpty ? added : out.query + "&" + added

        let canonical = CanonicalRequest.bytes(
            method: out.method, path: out.path, query: out.query, headers: headers,
            signedHeaders: signedHeaders, payloadHash: payloadHash, options: options
        )
        let stringToSign = Self.stringToSign(amzDate: amzDate, scope: scope, canonicalRequest: canonical)
        let signature = sign(stringToSign, scopeDate: amzDate.scopeDate)
        out.query += "&X-Amz-Signature=\(signature)"
        if let token, options.omitSessionToken {
            out.query += "&X-Amz-Security-Token=\(URIEncoding.encode(token))"
        }
        return SigningResult(
            signedRequest: out, signature: signature, signedHeaders: signedHeaderList, credentialScope: scope,
            canonicalRequestBytes: canonical, stringToSignBytes: stringToSign
        )
    }

    // MARK: - Steps

    private static let tokenName = "x-amz-security-token"
    private static let contentHashName = "x-amz-content-sha256"

    private func credentialScope(_ amzDate: AmzDate) -> String {
        "\(amzDate.scopeDate)/\(region)/\(service)/aws4_request"
    }

    /// ALGORITHM\nX-AMZ-DATE\nSCOPE\nhex(SHA256(canonical request)), with no final line break.
    private static func stringToSign(amzDate: AmzDate, scope: String, canonicalRequest: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(160)
        out.append(contentsOf: algorithm.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: amzDate.text.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: scope.utf8)
        out.append(UInt8(ascii: "\n"))
        Hex.append(canonicalRequest.withUnsafeBytes { SHA256.hash(data: $0) }, to: &out)
        return out
    }

    private func sign(_ stringToSign: [UInt8], scopeDate: String) -> String {
        var mac = keyCache.keyedHMAC(for: credentials, scopeDate: scopeDate, region: region, service: service)
        // A raw buffer (not the array) keeps swift-crypto's generic entry points off the
        // generic-metadata path.
        stringToSign.withUnsafeBytes { mac.update(data: $0) }
        return Hex.string(mac.finalize())
    }

    /// Drops an `Authorization` header left from an earlier signing; checks first so that the
    /// usual request without one is not copied.
    private static func removeAuthorization(from request: inout SignableRequest) {
        let isAuthorization = { (field: HTTPHeaderField) in HeaderName.equalsIgnoringASCIICase(field.name, "authorization") }
        if request.headers.contains(where: isAuthorization) {
            request.headers.removeAll(where: isAuthorization)
        }
    }

    /// The last line of the canonical request when the request carries no `x-amz-content-sha256`.
    private func payloadHash(of body: [UInt8]) -> String {
        options.unsignedPayload ? "UNSIGNED-PAYLOAD" : Hex.string(body.withUnsafeBytes { SHA256.hash(data: $0) })
    }

    private static func trimmed(_ value: String) -> String {
        String(decoding: CanonicalHeaders.normalizedValue(value), as: UTF8.self)
    }
}
