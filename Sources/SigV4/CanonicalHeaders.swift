/// The canonical headers and the signed-headers list of a request.
///
/// Names are lowercased; each value is trimmed, obs-fold line breaks are unfolded and runs of
/// white space become one space; headers of the same name are joined with `,` in the order they
/// appear; the result is sorted by name.
struct CanonicalHeaders {
    private struct Entry {
        var name: [UInt8]
        var value: [UInt8]
        var position: Int
    }

    /// Headers that are never signed: `authorization` is what signing produces, and the others
    /// are routinely changed by proxies and HTTP stacks after signing.
    static let unsignedNames: [[UInt8]] =
        ["authorization", "connection", "expect", "user-agent", "x-amzn-trace-id"].map { Array($0.utf8) }

    /// A linear scan: five short names are cheaper to compare than to hash.
    private static func isUnsigned(_ lowercasedName: [UInt8]) -> Bool {
        unsignedNames.contains { $0.count == lowercasedName.count && $0 == lowercasedName }
    }

    private var entries: [Entry]

    /// Collects the signable headers of `fields`.
    init(_ fields: [HTTPHeaderField]) {
        var collected = [Entry]()
        collected.reserveCapacity(fields.count)
        for (position, field) in fields.enumerated() {
            let name = HeaderName.lowercasedBytes(field.name)
            if Self.isUnsigned(name) { continue }
            collected.append(Entry(name: name, value: Self.normalizedValue(field.value), position: position))
        }
        collected.sort { a, b in
            if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
            return a.position < b.position
        }
        var merged = [Entry]()
        merged.reserveCapacity(collected.count)
        for entry in collected {
            if let last = merged.last, last.name == entry.name {
                merged[merged.count - 1].value.append(UInt8(ascii: ","))
                merged[merged.count - 1].value.append(contentsOf: entry.value)
            } else {
                merged.append(entry)
            }
        }
        entries = merged
    }

    /// Appends `name:value\n` for every header.
    func appendCanonical(to out: inout [UInt8]) {
        for entry in entries {
            out.append(contentsOf: entry.name)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: entry.value)
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// The signed-headers list: the names joined with `;`.
    var signedHeaders: [UInt8] {
        var out = [UInt8]()
        for (index, entry) in entries.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: entry.name)
        }
        return out
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    /// Trims, unfolds and collapses white space: an obs-fold (line break followed by white space)
    /// is white space like any other, so it becomes a single space.
    static func normalizedValue(_ value: String) -> [UInt8] {
        if let normalized = value.utf8.withContiguousStorageIfAvailable(normalizedValue) {
            return normalized
        }
        return Array(value.utf8).withUnsafeBufferPointer(normalizedValue)
    }

    private static func normalizedValue(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        // Most values need no collapsing: copy them in one go.
        var needsCollapsing = false
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") {
                if isWhitespace(bytes[index + 1]) {
                    needsCollapsing = true
                    break
                }
            } else if isWhitespace(byte) {
                needsCollapsing = true
                break
            }
            index += 1
        }
        guard needsCollapsing else { return Array(UnsafeBufferPointer(rebasing: bytes[start..<end])) }

        var out = [UInt8]()
        out.reserveCapacity(end - start)
        var pendingSpace = false
        for byte in bytes[start..<end] {
            if isWhitespace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace {
                    out.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                out.append(byte)
            }
        }
        return out
    }
}
