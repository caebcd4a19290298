/// The canonical URI of a request: the path, optionally normalised, with each segment encoded.
enum CanonicalPath {
    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Appends the canonical form of `path` (as sent on the request line) to `out`.
    static func append(_ path: String, normalize: Bool, doubleEncode: Bool, to out: inout [UInt8]) {
        let bytes = Array(path.utf8)
        if bytes.isEmpty || bytes == [slash] {
            out.append(slash)
            return
        }
        let segments = bytes.split(separator: slash, omittingEmptySubsequences: false)
        if normalize {
            appendNormalized(segments, doubleEncode: doubleEncode, to: &out)
        } else {
            for (index, segment) in segments.enumerated() {
                if index > 0 { out.append(slash) }
                appendSegment(segment, doubleEncode: doubleEncode, to: &out)
            }
        }
    }

    /// RFC 3986 dot-segment removal plus collapsing of empty segments; the result always starts
    /// with `/` and keeps a trailing `/` when the last segment was empty, `.` or `..`.
    private static func appendNormalized(
        _ segments: [ArraySlice<UInt8>], doubleEncode: Bool, to out: inout [UInt8]
    ) {
        var kept = [ArraySlice<UInt8>]()
        kept.reserveCapacity(segments.count)
        var endsInSlash = false
        for segment in segments {
            if segment.isEmpty || segment.elementsEqual([dot]) {
                endsInSlash = true
            } else if segment.elementsEqual([dot, dot]) {
                _ = kept.popLast()
                endsInSlash = true
            } else {
                kept.append(segment)
                endsInSlash = false
            }
        }
        out.append(slash)
        for (index, segment) in kept.enumerated() {
            if index > 0 { out.append(slash) }
            appendSegment(segment, doubleEncode: doubleEncode, to: &out)
        }
        if endsInSlash && !kept.isEmpty { out.append(slash) }
    }

    /// Double encoding encodes the segment as sent (its `%` becomes `%25`); single encoding decodes
    /// it first so that it ends up encoded exactly once.
    private static func appendSegment(_ segment: ArraySlice<UInt8>, doubleEncode: Bool, to out: inout [UInt8]) {
        if doubleEncode || !URIEncoding.containsPercent(segment) {
            URIEncoding.appendEncoded(segment, to: &out)
        } else {
            URIEncoding.appendEncoded(URIEncoding.percentDecoded(segment), to: &out)
        }
    }
}
