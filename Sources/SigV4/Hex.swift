import Crypto
import Foundation

/// Lower-case hexadecimal, the form SigV4 uses for hashes and signatures.
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the lower-case hex of `bytes` to `out`.
    static func append(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        let hex = [UInt8](unsafeUninitializedCapacity: bytes.count * 2) { buffer, initialized in
            digits.withUnsafeBufferPointer { digits in
                for (index, byte) in bytes.enumerated() {
                    buffer[2 * index] = digits[Int(byte >> 4)]
                    buffer[2 * index + 1] = digits[Int(byte & 0x0F)]
                }
            }
            initialized = bytes.count * 2
        }
        out.append(contentsOf: hex)
    }

    /// Appends the lower-case hex of a digest or MAC to `out`.
    static func append(_ digest: some ContiguousBytes, to out: inout [UInt8]) {
        digest.withUnsafeBytes { append($0, to: &out) }
    }

    /// The lower-case hex of a digest or MAC.
    static func string(_ digest: some ContiguousBytes) -> String {
        var out = [UInt8]()
        out.reserveCapacity(64)
        append(digest, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
