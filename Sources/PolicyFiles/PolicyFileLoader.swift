import CapacityCore
import Foundation
import Yams

/// Reads and validates policy files (docs/POLICIES.md).
///
/// ``check(contentsOf:reference:)`` reports every problem in a file; the `load` functions
/// return the policy or throw the first problem, whose description is one line
/// `FILE:LINE:COLUMN: message`. Run `headroom policy check FILE` to see them all.
public enum PolicyFileLoader {
    /// Loads one policy file.
    ///
    /// - Parameters:
    ///   - url: A `file:` URL. Messages name it by its relative path when it has one.
    ///   - reference: Schedule expressions must fire at least once after this instant (or after
    ///     their own `StartTime`). The simulator passes the trace's start; the daemon, now.
    /// - Throws: The first ``PolicyFileError`` of the file.
    public static func load(contentsOf url: URL, reference: Date = Date()) throws(PolicyFileError) -> CapacityPolicy {
        let (policy, problems) = read(contentsOf: url, reference: reference)
        guard let policy else { throw problems.first ?? unexpected(url.relativePath) }
        return policy
    }

    /// Every problem in one policy file, in file order (line, then column); empty when it is valid.
    public static func check(contentsOf url: URL, reference: Date = Date()) -> [PolicyFileError] {
        read(contentsOf: url, reference: reference).problems
    }

    /// Loads a policy from text, as if read from a file named `path`.
    public static func load(yaml: String, path: String, reference: Date = Date()) throws(PolicyFileError) -> CapacityPolicy {
        let (policy, problems) = read(yaml: yaml, path: path, reference: reference)
        guard let policy else { throw problems.first ?? unexpected(path) }
        return policy
    }

    /// Every problem in policy text, as if read from a file named `path`.
    public static func check(yaml: String, path: String, reference: Date = Date()) -> [PolicyFileError] {
        read(yaml: yaml, path: path, reference: reference).problems
    }

    /// Every problem in the bytes of a policy file, as if read from a file named `path`: the bytes
    /// are decoded as a file's are (strict UTF-8, an optional byte order mark).
    public static func check(contents: Data, path: String, reference: Date = Date()) -> [PolicyFileError] {
        read(contents: contents, path: path, reference: reference).problems
    }

    // MARK: Reading

    static func read(contentsOf url: URL, reference: Date) -> (CapacityPolicy?, problems: [PolicyFileError]) {
        let path = url.relativePath
        switch FileContents.read(url, path: path) {
        case .failure(let problem): return (nil, [problem])
        case .success(let contents): return read(contents: contents, path: path, reference: reference)
        }
    }

    static func read(contents: Data, path: String, reference: Date) -> (CapacityPolicy?, problems: [PolicyFileError]) {
        switch SourceText.decode(contents, file: path) {
        case .failure(let problem): return (nil, [problem])
        case .success(let text): return read(yaml: text, path: path, reference: reference)
        }
    }

    static func read(yaml: String, path: String, reference: Date) -> (CapacityPolicy?, problems: [PolicyFileError]) {
        let root: Node
        switch YAMLDocument.root(of: yaml, file: path) {
        case .failure(let problem): return (nil, [problem])
        case .success(let node): root = node
        }
        var decoder = PolicyDocumentDecoder(
            reader: NodeReader(file: path), defaultName: FileContents.baseName(of: path), reference: reference)
        let policy = decoder.decode(root)
        let problems = decoder.reader.problemsInFileOrder
        return (problems.isEmpty ? policy : nil, problems)
    }

    /// Decoding reports a problem whenever it fails; this guards that promise without a crash.
    static func unexpected(_ path: String) -> PolicyFileError {
        PolicyFileError(.malformedYAML, file: path, line: 1, column: 1, message: "the file could not be read as a policy")
    }
}
