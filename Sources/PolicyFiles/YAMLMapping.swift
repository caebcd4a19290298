import Yams

/// A YAML mapping whose keys have been checked against a schema: only known keys remain.
struct YAMLMapping {
    /// One `key: value` pair with where each half is.
    struct Entry {
        let key: String
        /// The key's dotted path from the top of the file, for messages: `TargetTracking.Tolerance`.
        let path: String
        let keyPosition: SourcePosition
        let value: Node

        var valuePosition: SourcePosition { SourcePosition(value.mark) }
    }

    /// The mapping's dotted path from the top of the file; empty for the top level.
    let path: String
    /// How messages name the mapping: `the policy`, `TargetTracking.ScaleIn`.
    let name: String
    /// Where the mapping starts; missing keys are reported here.
    let position: SourcePosition
    private let entries: [String: Entry]

    init(path: String, name: String, position: SourcePosition, entries: [Entry]) {
        self.path = path
        self.name = name
        self.position = position
        var byKey: [String: Entry] = [:]
        for entry in entries { byKey[entry.key] = entry }
        self.entries = byKey
    }

    subscript(key: String) -> Entry? { entries[key] }

    /// The dotted path of `key` inside this mapping.
    func path(of key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
