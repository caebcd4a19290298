/// Credentials could not be found or fetched. The message names the source, profile, file
/// or endpoint at fault; it never contains a secret.
public struct CredentialError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case noCredentials
            case invalidConfiguration
            case unreadableFile
            case endpointRejected
            case fetchFailed
            case malformedCredentials
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// No source in the chain had credentials.
        public static let noCredentials = Code(.noCredentials)
        /// Environment variables or a profile are set up wrongly (missing profile, partial
        /// keys, a `source_profile` cycle, an unsupported setting).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A token file could not be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// A container credentials URL is not allowed (plain http to a non-local host).
        public static let endpointRejected = Code(.endpointRejected)
        /// A credentials endpoint answered with an error.
        public static let fetchFailed = Code(.fetchFailed)
        /// A credentials endpoint answered with something that is not credentials.
        public static let malformedCredentials = Code(.malformedCredentials)

        public var description: String {
            switch kind {
            case .noCredentials: "no credentials"
            case .invalidConfiguration: "invalid configuration"
            case .unreadableFile: "unreadable file"
            case .endpointRejected: "endpoint rejected"
            case .fetchFailed: "fetch failed"
            case .malformedCredentials: "malformed credentials"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human explanation that names what and where.
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func noCredentials(tried sources: [String]) -> Self {
        Self(.noCredentials, "no AWS credentials found; tried: \(sources.joined(separator: ", "))")
    }

    static func invalidConfiguration(_ message: String) -> Self {
        Self(.invalidConfiguration, message)
    }

    static func unreadableFile(_ path: String, purpose: String) -> Self {
        Self(.unreadableFile, "cannot read the \(purpose) file \(path)")
    }

    static func endpointRejected(_ url: String, reason: String) -> Self {
        Self(.endpointRejected, "container credentials URL \(url) rejected: \(reason)")
    }

    static func fetchFailed(source: String, detail: String) -> Self {
        Self(.fetchFailed, "\(source): \(detail)")
    }

    static func malformed(source: String, detail: String) -> Self {
        Self(.malformedCredentials, "\(source) returned no usable credentials: \(detail)")
    }
}
