/// Percent-encoding as SigV4 defines it: every byte but the unreserved `A-Z a-z 0-9 - _ . ~` becomes
/// `%XY` with upper-case hex, including `/`, `+`, `=` and `%` itself.
public enum URIEncoding {
    /// Encodes every byte of the UTF-8 form of `string` that is not unreserved.
    ///
    /// Use it to build query strings and paths that sign the same way they are sent.
    public static func encode(_ string: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(string.utf8.count)
        appendEncoded(string.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `byte` is sent as itself.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static let upperHexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends `bytes` to `out`, encoding what is not unreserved.
    static func appendEncoded(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(upperHexDigits[Int(byte >> 4)])
                out.append(upperHexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// Decodes `%XY` escapes; a `%` not followed by two hex digits is kept as it is, and `+` is not
    /// a space (SigV4 signs `+` as `%2B`).
    static func percentDecoded(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first != bytes.endIndex {
                    let second = bytes.index(after: first)
                    if second != bytes.endIndex, let high = hexValue(bytes[first]), let low = hexValue(bytes[second]) {
                        out.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
            }
            out.append(byte)
            index = bytes.index(after: index)
        }
        return out
    }

    /// Whether `bytes` contains a `%`, i.e. whether decoding could change it.
    @inline(__always)
    static func containsPercent(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "%"))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
