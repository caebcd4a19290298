import Crypto
import Synchronization

/// Derived SigV4 signing keys, kept per credentials, date, region and service.
///
/// A signing key is four HMACs away from the secret and stays valid for a whole UTC day, so
/// signers share one cache (``shared`` by default). What is kept is the HMAC already keyed with
/// the signing key (its inner and outer pads hashed), so a signature costs only the message's
/// blocks. Lookups take a lock for a dictionary access only; a missing key is derived outside it.
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

    /// An HMAC keyed with a signing key, ready for `update` on a copy.
    ///
    /// `HMAC<SHA256>` is a value type that swift-crypto has not annotated `Sendable`; its state is
    /// two digests whose BoringSSL context is copy-on-write (`isKnownUniquelyReferenced` before
    /// every update). The cache never updates its copy, and each signer updates its own copy, so
    /// sharing it between threads is as safe as sharing any copy-on-write value.
    struct KeyedHMAC: @unchecked Sendable {
        let mac: HMAC<SHA256>
    }

    private let keys: Mutex<[Key: KeyedHMAC]>
    private let capacity: Int

    /// Creates an empty cache that holds at most `capacity` keys; when full it starts over,
    /// which costs one derivation per key still in use.
    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        self.keys = Mutex([:])
    }

    /// The number of keys held.
    public var count: Int { keys.withLock { $0.count } }

    /// The HMAC keyed with the signing key for `credentials` on `scopeDate` (`YYYYMMDD`) in
    /// `region` for `service`.
    func keyedHMAC(
        for credentials: SigningCredentials, scopeDate: String, region: String, service: String
    ) -> HMAC<SHA256> {
        let key = Key(
            accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
            scopeDate: scopeDate, region: region, service: service
        )
        if let cached = keys.withLock({ $0[key] }) { return cached.mac }
        let derived = KeyedHMAC(
            mac: HMAC<SHA256>(
                key: Self.derive(secret: credentials.secretAccessKey, scopeDate: scopeDate, region: region, service: service)
            )
        )
        keys.withLock { keys in
            if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            keys[key] = derived
        }
        return derived.mac
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
