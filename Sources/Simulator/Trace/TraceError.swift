/// A trace file that cannot be replayed, with the file and line to fix.
///
/// ``description`` is one line, `FILE:LINE: message`, the form editors and terminals link to.
public struct TraceError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case unreadable(reason: String)
        case emptyFile
        case missingHeader(found: String)
        case notUTF8
        case lineTooLong(limit: Int)
        case wrongFieldCount(found: Int)
        case badTimestamp(text: String, why: String)
        case mixedTimestampFormats
        case badValue(text: String)
        case negativeValue(text: String)
        case valueOutOfRange(text: String)
        case duplicateTimestamp(previousLine: Int)
        case outOfOrder(text: String, previousLine: Int)
        case gap(expected: String, found: String, stepSeconds: Int)
        case stepChanged(from: Int, to: Int)
        case noRows
        case oneRow
    }

    private let code: Code
    /// The file as it was named to the reader.
    public let file: String
    /// 1-based line number (the header is line 1); `nil` when the file could not be read at all.
    public let line: Int?

    private init(_ code: Code, file: String, line: Int?) {
        self.code = code
        self.file = file
        self.line = line
    }

    static func unreadable(_ reason: String, file: String) -> TraceError { .init(.unreadable(reason: reason), file: file, line: nil) }
    static func emptyFile(file: String) -> TraceError { .init(.emptyFile, file: file, line: 1) }
    static func missingHeader(found: String, file: String) -> TraceError { .init(.missingHeader(found: found), file: file, line: 1) }
    static func notUTF8(file: String, line: Int) -> TraceError { .init(.notUTF8, file: file, line: line) }
    static func lineTooLong(limit: Int, file: String, line: Int) -> TraceError { .init(.lineTooLong(limit: limit), file: file, line: line) }
    static func wrongFieldCount(_ found: Int, file: String, line: Int) -> TraceError { .init(.wrongFieldCount(found: found), file: file, line: line) }
    static func badTimestamp(_ text: String, why: String, file: String, line: Int) -> TraceError {
        .init(.badTimestamp(text: text, why: why), file: file, line: line)
    }
    static func mixedTimestampFormats(file: String, line: Int) -> TraceError { .init(.mixedTimestampFormats, file: file, line: line) }
    static func badValue(_ text: String, file: String, line: Int) -> TraceError { .init(.badValue(text: text), file: file, line: line) }
    static func negativeValue(_ text: String, file: String, line: Int) -> TraceError { .init(.negativeValue(text: text), file: file, line: line) }
    static func valueOutOfRange(_ text: String, file: String, line: Int) -> TraceError { .init(.valueOutOfRange(text: text), file: file, line: line) }
    static func duplicateTimestamp(previousLine: Int, file: String, line: Int) -> TraceError {
        .init(.duplicateTimestamp(previousLine: previousLine), file: file, line: line)
    }
    static func outOfOrder(_ text: String, previousLine: Int, file: String, line: Int) -> TraceError {
        .init(.outOfOrder(text: text, previousLine: previousLine), file: file, line: line)
    }
    static func gap(expected: String, found: String, stepSeconds: Int, file: String, line: Int) -> TraceError {
        .init(.gap(expected: expected, found: found, stepSeconds: stepSeconds), file: file, line: line)
    }
    static func stepChanged(from: Int, to: Int, file: String, line: Int) -> TraceError {
        .init(.stepChanged(from: from, to: to), file: file, line: line)
    }
    static func noRows(file: String, line: Int) -> TraceError { .init(.noRows, file: file, line: line) }
    static func oneRow(file: String, line: Int) -> TraceError { .init(.oneRow, file: file, line: line) }

    public var message: String {
        switch code {
        case .unreadable(let reason):
            "cannot read the trace: \(reason)"
        case .emptyFile:
            "empty file; a trace starts with the header 'timestamp,value'"
        case .missingHeader(let found):
            "expected the header 'timestamp,value', found '\(found)'"
        case .notUTF8:
            "not UTF-8 text"
        case .lineTooLong(let limit):
            "line longer than \(limit) bytes; is this a trace CSV?"
        case .wrongFieldCount(let found):
            "expected 2 fields 'timestamp,value', found \(found)"
        case .badTimestamp(let text, let why):
            "timestamp '\(text)' \(why)"
        case .mixedTimestampFormats:
            "timestamp form changes: use ISO-8601 UTC or integer seconds throughout"
        case .badValue(let text):
            "value '\(text)' is not a number"
        case .negativeValue(let text):
            "value '\(text)' is negative; load cannot be"
        case .valueOutOfRange(let text):
            "value '\(text)' is out of range"
        case .duplicateTimestamp(let previous):
            "duplicate timestamp: the same as line \(previous)"
        case .outOfOrder(let text, let previous):
            "timestamp '\(text)' is out of order: earlier than line \(previous)"
        case .gap(let expected, let found, let step):
            "gap: expected \(expected) (one step of \(step) s after the previous row), found \(found)"
        case .stepChanged(let from, let to):
            "step changes from \(from) s to \(to) s; the step must be constant"
        case .noRows:
            "no data rows after the header"
        case .oneRow:
            "only one data row; a trace needs two or more to define its step"
        }
    }

    public var description: String {
        guard let line else { return "\(file): \(message)" }
        return "\(file):\(line): \(message)"
    }
}
