/// The settings of one named profile, merged from the shared `config` and `credentials`
/// files (the `credentials` file wins on a key present in both).
///
/// Its description lists setting names only: profiles hold secret keys.
public struct Profile: Sendable, Hashable {
    /// The profile name, e.g. `default`.
    public let name: String
    /// The settings by lower-cased key.
    public let settings: [String: String]

    /// Creates a profile.
    public init(name: String, settings: [String: String]) {
        self.name = name
        self.settings = settings
    }

    /// The trimmed value of `key`, or `nil` when it is missing or empty.
    public subscript(key: String) -> String? {
        guard let value = settings[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }
}

extension Profile: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The name and the setting names, never values.
    public var description: String {
        "Profile(\(name): \(settings.keys.sorted().joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["name": name, "keys": settings.keys.sorted()], displayStyle: .struct)
    }
}
