/// One problem in a policy or scenario file, located at the key or value that causes it.
///
/// Its ``description`` is exactly one line, `FILE:LINE:COLUMN: message`, the format compilers
/// use, so editors and CI annotate the offending spot. Lines and columns count from 1;
/// columns count Unicode scalars, as libyaml does.
public struct PolicyFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is, for programs; people read ``message``.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadableFile = "unreadable-file"
            case invalidEncoding = "invalid-encoding"
            case emptyFile = "empty-file"
            case malformedYAML = "malformed-yaml"
            case duplicateKey = "duplicate-key"
            case unknownKey = "unknown-key"
            case missingKey = "missing-key"
            case wrongType = "wrong-type"
            case outOfRange = "out-of-range"
            case numberTooLarge = "number-too-large"
            case invalidValue = "invalid-value"
            case conflictingValues = "conflicting-values"
            case duplicateName = "duplicate-name"
            case invalidSchedule = "invalid-schedule"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file could not be read at all (missing, a directory, no permission).
        public static let unreadableFile = Code(.unreadableFile)
        /// The file's bytes are not UTF-8.
        public static let invalidEncoding = Code(.invalidEncoding)
        /// The file holds no YAML document (only whitespace or comments).
        public static let emptyFile = Code(.emptyFile)
        /// The text is not well-formed YAML, or holds more than one document.
        public static let malformedYAML = Code(.malformedYAML)
        /// A mapping names the same key twice.
        public static let duplicateKey = Code(.duplicateKey)
        /// A key the schema does not know.
        public static let unknownKey = Code(.unknownKey)
        /// A required key is absent.
        public static let missingKey = Code(.missingKey)
        /// A value of the wrong kind: text where a number belongs, a list where a mapping belongs.
        public static let wrongType = Code(.wrongType)
        /// A number outside its allowed range.
        public static let outOfRange = Code(.outOfRange)
        /// A whole number too large to represent.
        public static let numberTooLarge = Code(.numberTooLarge)
        /// A value of the right kind that means nothing here: an unknown enum case, a bad target.
        public static let invalidValue = Code(.invalidValue)
        /// Values that contradict each other, such as MinCapacity above MaxCapacity.
        public static let conflictingValues = Code(.conflictingValues)
        /// Two metrics or two schedules share a name.
        public static let duplicateName = Code(.duplicateName)
        /// A schedule expression that does not parse or never fires, or an unknown time zone.
        public static let invalidSchedule = Code(.invalidSchedule)

        /// A stable kebab-case name, used in JSON output.
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// The file as it was named to the loader.
    public let file: String
    /// 1-based line.
    public let line: Int
    /// 1-based column, in Unicode scalars.
    public let column: Int
    /// One line saying what is wrong and, where it helps, what would be right.
    public let message: String

    init(_ code: Code, file: String, line: Int, column: Int, message: String) {
        self.code = code
        self.file = file
        self.line = Swift.max(1, line)
        self.column = Swift.max(1, column)
        // The one-line promise holds even when a message quotes text from the file.
        self.message = message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// `FILE:LINE:COLUMN: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}
