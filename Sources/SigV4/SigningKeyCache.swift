import Crypto
import Synchronization

/// Derived SigV4 signing keys, kept per credentials, date, region and service.
///
/// A signing key is four HMACs away from the secret and stays valid for a whole UTC day, so
/// signers share one cache (``shared`` by default). Lookups take a lock for a dictionary access
/// only; a missing key is derived outside the lock.
public final class SigningKeyCache: Sendable {
    /// The cache signers use unless given another.
    public static let shared = SigningKeyCache()

    struct Key: Hashable {
        var accessKeyID: String
        var secretAccessKey: String
        var scopeDate: String
        var region: String
        var service: String
    }

    // `SymmetricKey` is not `Sendable`, so the cache holds the key bytes.
    private let keys: Mutex<[Key: [UInt8]]>
    private let capacity: Int

    /// Creates an empty cache that holds at most `capacity` keys; when full it starts over,
    /// which costs one derivation per key still in use.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        self.keys = Mutex([:])
    }

    /// The number of keys held.
    public var count: Int { keys.withLock { $0.count } }

    /// The signing key for `credentials` on `scopeDate` (`YYYYMMDD`) in `region` for `service`.
    func signingKey(
        for credentials: SigningCredentials, scopeDate: String, region: String, service: String
    ) -> SymmetricKey {
        let key = Key(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            scopeDate: scopeDate, region: region, service: service
        )
        if let cached = keys.withLock({ $0[key] }) { return SymmetricKey(data: cached) }
        let derived = Self.derive(secret: credentials.secretAccessKey, scopeDate: scopeDate, region: region, service: service)
        let bytes = derived.withUnsafeBytes { Array($0) }
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[key] = bytes
        }
        return derived
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func derive(secret: String, scopeDate: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        for part in [scopeDate, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key))
        }
        return key
    }
}
