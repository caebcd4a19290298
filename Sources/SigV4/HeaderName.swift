/// Byte-level helpers for header names, which are ASCII tokens compared without regard to case.
enum HeaderName {
    /// Whether two names are equal ignoring ASCII case, without allocating lowercased copies.
    static func equalsIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (x?, y?) where lowercased(x) == lowercased(y):
                continue
            default:
                return false
            }
        }
    }

    /// The ASCII lowercase of one byte; other bytes unchanged.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// The lowercased bytes of a header name.
    static func lowercasedBytes(_ name: String) -> [UInt8] {
        let utf8 = name.utf8
        return [UInt8](unsafeUninitializedCapacity: utf8.count) { buffer, initialized in
            for (index, byte) in utf8.enumerated() { buffer[index] = lowercased(byte) }
            initialized = utf8.count
        }
    }
}
