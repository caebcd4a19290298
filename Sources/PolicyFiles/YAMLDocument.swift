import Yams

/// Parses the text of a file into its single YAML document, turning Yams' errors into
/// one-line ``PolicyFileError``s.
enum YAMLDocument {
    /// The root node of the only document in `text`, or why there is none.
    static func root(of text: String, file: String) -> Result<Node, PolicyFileError> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(problem(for: error, in: text, file: file))
        } catch {
            return .failure(PolicyFileError(.malformedYAML, file: file, line: 1, column: 1, message: "malformed YAML: \(error)"))
        }
        guard let root, !isNull(root) else {
            return .failure(PolicyFileError(
                .emptyFile, file: file, line: 1, column: 1, message: "the file is empty: it holds no YAML document"))
        }
        return .success(root)
    }

    private static func isNull(_ node: Node) -> Bool {
        node.scalar != nil && node.tag.description == Tag.Name.null.rawValue
    }

    private static func problem(for error: YamlError, in text: String, file: String) -> PolicyFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "malformed YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return PolicyFileError(.malformedYAML, file: file, line: mark.line, column: mark.column, message: message)
        case .reader(let problem, let offset, _, _):
            let position = offset.map { SourceText.position(ofCharacterOffset: $0, in: text) } ?? .start
            return PolicyFileError(
                .malformedYAML, file: file, at: position,
                message: "unreadable text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? "?"
            let first = SourcePosition(context.mark)
            let repeated = repeatedKeyPosition(key, after: first, in: text) ?? first
            return PolicyFileError(
                .duplicateKey, file: file, at: repeated,
                message: "duplicate key '\(key)' (first given at line \(first.line)); each key may appear once per mapping")
        default:
            return PolicyFileError(.malformedYAML, file: file, line: 1, column: 1, message: "malformed YAML: \(error)")
        }
    }

    /// Where `key` is given again as a sibling of the key at `first`.
    ///
    /// Yams reports a duplicate at its first occurrence; the one to remove is the later one.
    /// In block style siblings share a column, so the first later line with `key:` at that
    /// column is it. Flow-style duplicates are not found here and stay at the first occurrence.
    private static func repeatedKeyPosition(_ key: String, after first: SourcePosition, in text: String) -> SourcePosition? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.line >= 1, first.line < lines.count else { return nil }
        for index in first.line..<lines.count {
            let line = lines[index]
            let content = line.drop(while: { $0 == " " })
            if content.isEmpty || content.hasPrefix("#") { continue }
            let scalars = Array(line.unicodeScalars)
            // Text left of the sibling column ends the mapping's block.
            guard scalars.count >= first.column, scalars[..<(first.column - 1)].allSatisfy({ $0 == " " }) else {
                return nil
            }
            let rest = String(String.UnicodeScalarView(scalars[(first.column - 1)...]))
            if rest.hasPrefix(key), rest.dropFirst(key.count).drop(while: { $0 == " " }).hasPrefix(":") {
                return SourcePosition(line: index + 1, column: first.column)
            }
        }
        return nil
    }
}
