import Foundation

/// The profiles of one AWS shared `config` or `credentials` file (INI format).
///
/// Follows the AWS SDKs' rules: `#` and `;` start comments (inline only after white space);
/// in a `config` file profiles are `[default]` or `[profile NAME]` and other sections
/// (`[sso-session …]`, `[services …]`, a bare `[NAME]`) are ignored; in a `credentials`
/// file every `[NAME]` is a profile. Indented lines (sub-properties and continuations)
/// are skipped. Repeated sections merge, a later key wins. Keys are lower-cased.
public struct SharedConfigFile: Sendable, Hashable {
    /// Which of the two files this is; they name profile sections differently.
    public enum Kind: Sendable, Hashable {
        /// `~/.aws/config`: `[default]`, `[profile NAME]`.
        case config
        /// `~/.aws/credentials`: `[NAME]`.
        case credentials
    }

    /// Settings per profile name.
    public private(set) var profiles: [String: [String: String]] = [:]

    /// Parses the text of a file.
    public init(parsing text: String, kind: Kind) {
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = Substring(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t" {
                // A sub-property or continuation line: not used by anything this client reads.
                continue
            }
            if trimmed.hasPrefix("[") {
                current = Self.profileName(ofSection: trimmed, kind: kind)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let profile = current, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = Self.strippingInlineComment(trimmed[trimmed.index(after: equals)...])
            guard !key.isEmpty else { continue }
            profiles[profile, default: [:]][key] = value
        }
    }

    /// The profile a section header names, or `nil` when the section is not a profile.
    private static func profileName(ofSection header: String, kind: Kind) -> String? {
        guard let close = header.firstIndex(of: "]") else { return nil }
        let inner = header[header.index(after: header.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        guard !inner.isEmpty else { return nil }
        switch kind {
        case .credentials:
            return inner
        case .config:
            if inner == "default" { return "default" }
            let parts = inner.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count == 2, parts[0] == "profile" else { return nil }
            let name = parts[1].trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : name
        }
    }

    private static func strippingInlineComment(_ value: Substring) -> String {
        var previousWasSpace = true
        var end = value.endIndex
        for index in value.indices {
            let character = value[index]
            if previousWasSpace && (character == "#" || character == ";") && index != value.startIndex {
                end = index
                break
            }
            previousWasSpace = character == " " || character == "\t"
        }
        return value[..<end].trimmingCharacters(in: .whitespaces)
    }
}
