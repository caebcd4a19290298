/// The client could not make a call or could not understand its answer: bad configuration,
/// an unencodable input, or a response that is not what the protocol promises.
///
/// Service errors (the service answered "no") are ``AWSError``; transport failures are
/// ``HTTPTransportError``; credential failures are ``CredentialError``.
public struct AWSClientError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidRegion
            case missingRegion
            case invalidEndpoint
            case invalidRequest
            case malformedResponse
            case unsignedClient
            case unreadableFile
            case invalidSetting
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// A region name has characters a region cannot have.
        public static let invalidRegion = Code(.invalidRegion)
        /// No region is configured.
        public static let missingRegion = Code(.missingRegion)
        /// An endpoint override is not an absolute http(s) URL.
        public static let invalidEndpoint = Code(.invalidEndpoint)
        /// The request input could not be encoded.
        public static let invalidRequest = Code(.invalidRequest)
        /// A successful response could not be decoded.
        public static let malformedResponse = Code(.malformedResponse)
        /// A signed call was made on a client that has no credentials.
        public static let unsignedClient = Code(.unsignedClient)
        /// A shared config or credentials file exists but cannot be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// A setting has a value of the wrong form.
        public static let invalidSetting = Code(.invalidSetting)

        public var description: String {
            switch kind {
            case .invalidRegion: "invalid region"
            case .missingRegion: "missing region"
            case .invalidEndpoint: "invalid endpoint"
            case .invalidRequest: "invalid request"
            case .malformedResponse: "malformed response"
            case .unsignedClient: "no credentials"
            case .unreadableFile: "unreadable file"
            case .invalidSetting: "invalid setting"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human explanation that names what and where.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func invalidRegion(_ value: String, source: String) -> Self {
        Self(.invalidRegion, "region '\(value)' from \(source) is not a region name (letters, digits and '-' only)")
    }

    static func missingRegion(service: String) -> Self {
        Self(
            .missingRegion,
            "no region for \(service): set AWS_REGION, AWS_DEFAULT_REGION or 'region' in the profile"
        )
    }

    static func invalidEndpoint(_ value: String, source: String) -> Self {
        Self(.invalidEndpoint, "endpoint '\(value)' from \(source) is not an absolute http or https URL")
    }

    static func invalidRequest(service: String, operation: String, detail: String) -> Self {
        Self(.invalidRequest, "\(service) \(operation): cannot encode the request: \(detail)")
    }

    /// An input the service would reject (a negative count, a minimum above a maximum), refused
    /// before anything is sent. Its code is ``Code/invalidRequest``.
    static func invalidInput(service: String, operation: String, detail: String) -> Self {
        Self(.invalidRequest, "\(service) \(operation): \(detail) (refused before sending)")
    }

    static func malformedResponse(service: String, operation: String, detail: String) -> Self {
        Self(.malformedResponse, "\(service) \(operation): cannot decode the response: \(detail)")
    }

    static func unsignedClient(service: String, operation: String) -> Self {
        Self(.unsignedClient, "\(service) \(operation) must be signed, but the client has no credential provider")
    }

    static func unreadableFile(_ path: String, reason: String) -> Self {
        Self(.unreadableFile, "AWS shared file \(path) \(reason)")
    }

    static func invalidSetting(_ value: String, source: String, expected: String) -> Self {
        Self(.invalidSetting, "\(source) is '\(value)'; expected \(expected)")
    }
}
