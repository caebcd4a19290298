/// Everything one signing produced: the signed request and the intermediate texts that a
/// `SignatureDoesNotMatch` error from AWS asks you to compare.
public struct SigningResult: Sendable, Hashable {
    /// The request with the signature (and the headers or query parameters it needs) added.
    public let signedRequest: SignableRequest
    /// The hex HMAC-SHA256 signature.
    public let signature: String
    /// The signed-headers list, e.g. `host;x-amz-date`.
    public let signedHeaders: String
    /// The credential scope, e.g. `20150830/us-east-1/service/aws4_request`.
    public let credentialScope: String

    let canonicalRequestBytes: [UInt8]
    let stringToSignBytes: [UInt8]

    /// The canonical request (SigV4 task 1).
    public var canonicalRequest: String { String(decoding: canonicalRequestBytes, as: UTF8.self) }
    /// The string to sign (SigV4 task 2).
    public var stringToSign: String { String(decoding: stringToSignBytes, as: UTF8.self) }
}
