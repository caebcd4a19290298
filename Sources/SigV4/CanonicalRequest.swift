/// The canonical request of SigV4 task 1:
///
///     METHOD\nCANONICAL-URI\nCANONICAL-QUERY\nCANONICAL-HEADERS\nSIGNED-HEADERS\nPAYLOAD-HASH
///
/// where CANONICAL-HEADERS ends with its own line break, so a blank line separates it from the
/// signed-headers list.
enum CanonicalRequest {
    static func bytes(
        method: String,
        path: String,
        query: String,
        headers: CanonicalHeaders,
        signedHeaders: [UInt8],
        payloadHash: String,
        options: SigningOptions
    ) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(256 + path.utf8.count + query.utf8.count)
        out.append(contentsOf: method.utf8)
        out.append(UInt8(ascii: "\n"))
        CanonicalPath.append(path, normalize: options.normalizePath, doubleEncode: options.doubleURIEncode, to: &out)
        out.append(UInt8(ascii: "\n"))
        CanonicalQuery.append(query, to: &out)
        out.append(UInt8(ascii: "\n"))
        headers.appendCanonical(to: &out)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: signedHeaders)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return out
    }
}
