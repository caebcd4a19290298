import Crypto
import Foundation
import Testing

@testable import SigV4

@Suite("Signing-key derivation and cache")
struct SigningKeyCacheTests {
    @Test("the derived key matches AWS's published example (20120215, us-east-1, iam)")
    func publishedDerivation() {
        let key = SigningKeyCache.derive(
            secret: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scopeDate: "20120215", region: "us-east-1", service: "iam"
        )
        let hex = key.withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test("a key is derived once per credentials, date, region and service, and the cache stays bounded")
    func caching() {
        let cache = SigningKeyCache(capacity: 3)
        func signature(_ service: String, secret: String = Fixed.credentials.secretAccessKey) -> String {
            var credentials = Fixed.credentials
            credentials.secretAccessKey = secret
            return SigV4Signer(credentials: credentials, region: "us-east-1", service: service, options: .init(), keyCache: cache)
                .signature(for: Fixed.request(), at: Fixed.time)
        }
        let first = signature("a")
        #expect(cache.count == 1)
        #expect(signature("a") == first)
        #expect(cache.count == 1)
        _ = signature("b")
        let otherSecret = signature("a", secret: "another-secret")
        #expect(otherSecret != first)
        #expect(cache.count == 3)
        _ = signature("c")
        #expect(cache.count <= 3)
        // A key evicted and derived again signs the same.
        #expect(signature("a") == first)
    }

    @Test("signing from many tasks at once gives the same signatures as signing alone")
    func concurrentSigning() async {
        let cache = SigningKeyCache(capacity: 4)
        let services = (0..<8).map { "service\($0)" }
        let request = Fixed.request("POST", body: "{}")
        let expected = services.map {
            SigV4Signer(credentials: Fixed.credentials, region: "us-east-1", service: $0, options: .init(), keyCache: SigningKeyCache())
                .signature(for: request, at: Fixed.time)
        }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var mismatches = 0
                    for round in 0..<200 {
                        let index = (worker + round) % services.count
                        let signer = SigV4Signer(
                            credentials: Fixed.credentials, region: "us-east-1", service: services[index],
                            options: .init(), keyCache: cache
                        )
                        if signer.signature(for: request, at: Fixed.time) != expected[index] { mismatches += 1 }
                    }
                    return mismatches
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(cache.count <= 4)
    }
}
