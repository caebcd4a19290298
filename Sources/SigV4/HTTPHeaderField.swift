/// One header line of an HTTP request, name and value as they are sent.
///
/// The value is kept exactly as given (leading spaces and obs-fold continuation lines included) so
/// that a parsed request renders back to the same text; the signer trims and unfolds it when it
/// builds the canonical form.
public struct HTTPHeaderField: Sendable, Hashable {
    /// The header name in the case it is sent with, e.g. `Content-Type`.
    public var name: String
    /// The header value as sent.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
