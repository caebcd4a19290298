import Yams

/// A 1-based line and column in a file (columns in Unicode scalars, as libyaml counts them).
struct SourcePosition: Sendable, Hashable {
    var line: Int
    var column: Int

    static let start = SourcePosition(line: 1, column: 1)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init(_ mark: Mark?) {
        self.init(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

extension PolicyFileError {
    init(_ code: Code, file: String, at position: SourcePosition, message: String) {
        self.init(code, file: file, line: position.line, column: position.column, message: message)
    }
}
