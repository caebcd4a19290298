/// The canonical query string: every parameter decoded and encoded again the SigV4 way, sorted by
/// encoded name and then encoded value, joined with `&`; a parameter without `=` gets an empty value.
enum CanonicalQuery {
    private struct Parameter {
        var name: [UInt8]
        var value: [UInt8]

        static func precedes(_ a: Parameter, _ b: Parameter) -> Bool {
            if a.name != b.name { return a.name.lexicographicallyPrecedes(b.name) }
            return a.value.lexicographicallyPrecedes(b.value)
        }
    }

    /// Appends the canonical form of the raw query string `query` (no `?`) to `out`.
    static func append(_ query: String, to out: inout [UInt8]) {
        if query.isEmpty { return }
        let pieces = Array(query.utf8).split(separator: UInt8(ascii: "&"))
        var parameters = [Parameter]()
        parameters.reserveCapacity(pieces.count)
        for piece in pieces {
            let nameEnd = piece.firstIndex(of: UInt8(ascii: "=")) ?? piece.endIndex
            let valueStart = nameEnd == piece.endIndex ? nameEnd : piece.index(after: nameEnd)
            parameters.append(
                Parameter(name: reencoded(piece[..<nameEnd]), value: reencoded(piece[valueStart...]))
            )
        }
        parameters.sort(by: Parameter.precedes)
        for (index, parameter) in parameters.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "&")) }
            out.append(contentsOf: parameter.name)
            out.append(UInt8(ascii: "="))
            out.append(contentsOf: parameter.value)
        }
    }

    private static func reencoded(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        if URIEncoding.containsPercent(bytes) {
            URIEncoding.appendEncoded(URIEncoding.percentDecoded(bytes), to: &out)
        } else {
            URIEncoding.appendEncoded(bytes, to: &out)
        }
        return out
    }
}
