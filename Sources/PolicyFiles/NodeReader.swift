import Yams

/// Reads a YAML tree against a schema, collecting every problem instead of stopping at the first.
///
/// Each read returns `nil` when the key is absent or its value is unusable; an unusable value
/// has been reported by then, so callers only check cross-field rules when all parts are valid.
struct NodeReader {
    let file: String
    private(set) var problems: [PolicyFileError] = []

    init(file: String) {
        self.file = file
    }

    /// The problems in file order (line, then column); problems at one spot keep their order.
    var problemsInFileOrder: [PolicyFileError] {
        problems.enumerated().sorted { lhs, rhs in
            (lhs.element.line, lhs.element.column, lhs.offset) < (rhs.element.line, rhs.element.column, rhs.offset)
        }.map(\.element)
    }

    mutating func report(_ code: PolicyFileError.Code, at position: SourcePosition, _ message: String) {
        problems.append(PolicyFileError(code, file: file, at: position, message: message))
    }

    // MARK: Structure

    /// `node` as a mapping holding only `keys`; every other key is reported, with a suggestion.
    mutating func mapping(_ node: Node, path: String, name: String, keys: [String]) -> YAMLMapping? {
        guard let mapping = node.mapping else {
            report(.wrongType, at: SourcePosition(node.mark), "\(name) must be a mapping of keys (found \(Self.describe(node)))")
            return nil
        }
        var entries: [YAMLMapping.Entry] = []
        for (keyNode, value) in mapping {
            let keyPosition = SourcePosition(keyNode.mark)
            guard let scalar = keyNode.scalar, keyNode.tag.description != Tag.Name.null.rawValue else {
                report(.wrongType, at: keyPosition, "keys in \(name) must be names (found \(Self.describe(keyNode)))")
                continue
            }
            let key = scalar.string
            guard keys.contains(key) else {
                if key == "<<" {
                    report(.unknownKey, at: keyPosition, "merge keys ('<<') are not supported in \(name); write the keys out")
                } else {
                    report(.unknownKey, at: keyPosition, "unknown key '\(key)' in \(name)" + KeySuggestion.hint(for: key, among: keys))
                }
                continue
            }
            let entryPath = path.isEmpty ? key : "\(path).\(key)"
            entries.append(.init(key: key, path: entryPath, keyPosition: keyPosition, value: value))
        }
        return YAMLMapping(path: path, name: name, position: SourcePosition(node.mark), entries: entries)
    }

    /// The value of `key` as a mapping holding only `keys`, or `nil` when absent or not a mapping.
    mutating func mapping(_ key: String, in map: YAMLMapping, keys: [String]) -> YAMLMapping? {
        guard let entry = map[key] else { return nil }
        return mapping(entry.value, path: entry.path, name: entry.path, keys: keys)
    }

    /// The value of `key` as a list of at most `limit` items, or `nil` when absent or not such a list.
    mutating func sequence(_ key: String, in map: YAMLMapping, limit: Int) -> [Node]? {
        guard let entry = map[key] else { return nil }
        guard let sequence = entry.value.sequence else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be a list (found \(Self.describe(entry.value)))")
            return nil
        }
        guard sequence.count <= limit else {
            report(.outOfRange, at: entry.valuePosition, "\(entry.path) may list at most \(limit) items (found \(sequence.count))")
            return nil
        }
        return Array(sequence)
    }

    /// Every entry of the mapping under `key`, whatever its keys (CloudWatch dimensions).
    mutating func openMapping(_ key: String, in map: YAMLMapping) -> [YAMLMapping.Entry]? {
        guard let entry = map[key] else { return nil }
        guard let mapping = entry.value.mapping else {
            report(.wrongType, at: entry.valuePosition, "\(entry.path) must be a mapping (found \(Self.describe(entry.value)))")
            return nil
        }
        var entries: [YAMLMapping.Entry] = []
        for (keyNode, value) in mapping {
            let keyPosition = SourcePosition(keyNode.mark)
            guard let scalar = keyNode.scalar, keyNode.tag.description != Tag.Name.null.rawValue else {
                report(.wrongType, at: keyPosition, "keys in \(entry.path) must be names (found \(Self.describe(keyNode)))")
                continue
            }
            entries.append(.init(key: scalar.string, path: "\(entry.path).\(scalar.string)", keyPosition: keyPosition, value: value))
        }
        return entries
    }

    /// The entry for `key`, reporting its absence.
    mutating func require(_ key: String, in map: YAMLMapping) -> YAMLMapping.Entry? {
        guard let entry = map[key] else {
            report(.missingKey, at: map.position, "\(map.name) is missing the required key '\(key)'")
            return nil
        }
        return entry
    }

    /// Reports `key` when present, because something else rules it out.
    mutating func forbid(_ key: String, in map: YAMLMapping, because reason: String) {
        guard let entry = map[key] else { return }
        report(.conflictingValues, at: entry.keyPosition, "\(entry.path) is not allowed here: \(reason)")
    }

    // MARK: Describing values

    /// How a message names what it found: `the text "two"`, `a list`, `2.5`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            if node.tag.description == Tag.Name.null.rawValue { return "no value" }
            if scalar.style != .plain { return "the text \"\(scalar.string)\"" }
            switch node.tag.description {
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue, Tag.Name.bool.rawValue: return scalar.string
            default: return "the text \"\(scalar.string)\""
            }
        }
    }
}
