/// An error from signing or from reading a raw HTTP request.
///
/// Match on ``code``; ``description`` is a one-line message that says what is wrong and where.
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of error this is; new kinds may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: Sendable, Hashable {
            case invalidExpiration
            case malformedRequest
            case invalidDate
        }

        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A presigned URL's lifetime is outside 1...604800 seconds (seven days).
        public static let invalidExpiration = Code(.invalidExpiration)
        /// A raw HTTP request could not be read.
        public static let malformedRequest = Code(.malformedRequest)
        /// An `X-Amz-Date` value or timestamp is not in the expected form.
        public static let invalidDate = Code(.invalidDate)

        /// A short name of the kind, e.g. `invalid expiration`.
        public var description: String {
            switch kind {
            case .invalidExpiration: "invalid expiration"
            case .malformedRequest: "malformed request"
            case .invalidDate: "invalid date"
            }
        }
    }

    /// The kind of error.
    public let code: Code
    /// The human-readable message.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The same as ``message``.
    public var description: String { message }

    static func invalidExpiration(_ seconds: Int) -> SigV4Error {
        SigV4Error(
            .invalidExpiration,
            "presigned URL expiration \(seconds)s is outside 1...\(SigV4Signer.maximumPresignExpiration)s (7 days)"
        )
    }

    static func malformedRequest(line: Int, _ problem: String) -> SigV4Error {
        SigV4Error(.malformedRequest, "line \(line): \(problem)")
    }

    static func invalidDate(_ value: String, expected: String) -> SigV4Error {
        SigV4Error(.invalidDate, "date \"\(value)\" is not of the form \(expected)")
    }
}
