/// Switches between the variants of the SigV4 rules that AWS services differ on.
public struct SigningOptions: Sendable, Hashable {
    /// Removes `.`/`..` segments and collapses repeated slashes before encoding the path.
    /// Every service but S3 expects this; S3 keys such as `a//b` must be signed as given.
    public var normalizePath: Bool
    /// Encodes the path as sent once more (`%3A` becomes `%253A`), as every service but S3 expects.
    /// When false the path is decoded and encoded exactly once, which is what S3 expects.
    public var doubleURIEncode: Bool
    /// Sends and signs `x-amz-content-sha256` with the body's hash (header signing only).
    public var signBody: Bool
    /// Leaves the session token out of the signature and adds it after signing; some services
    /// (for example older IoT endpoints) reject a signed token.
    public var omitSessionToken: Bool
    /// Signs the literal `UNSIGNED-PAYLOAD` instead of the body's hash, as S3 expects for presigned
    /// URLs and for uploads whose body is not hashed. An `x-amz-content-sha256` header already in
    /// the request takes precedence over both.
    public var unsignedPayload: Bool

    /// Creates options; the defaults are the rules for services other than S3.
    public init(
        normalizePath: Bool = true,
        doubleURIEncode: Bool = true,
        signBody: Bool = false,
        omitSessionToken: Bool = false,
        unsignedPayload: Bool = false
    ) {
        self.normalizePath = normalizePath
        self.doubleURIEncode = doubleURIEncode
        self.signBody = signBody
        self.omitSessionToken = omitSessionToken
        self.unsignedPayload = unsignedPayload
    }

    /// The rules S3 expects for header signing: the path is neither normalised nor encoded twice,
    /// the body's hash is sent as `x-amz-content-sha256`. For S3 presigned URLs add
    /// ``unsignedPayload``.
    public static let s3 = SigningOptions(normalizePath: false, doubleURIEncode: false, signBody: true)
}
