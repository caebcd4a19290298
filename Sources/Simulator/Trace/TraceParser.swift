/// The line-by-line state machine behind ``TraceReader``: header, then `timestamp,value` rows
/// checked for a constant step. It sees raw bytes only, so it never builds a `String` per row.
struct TraceParser {
    let file: String
    private(set) var lineNumber = 0
    private var sawHeader = false
    private var format: Trace.TimestampFormat?
    private var firstSeconds: Int64 = 0
    private var previousSeconds: Int64 = 0
    private var previousLine = 0
    private var step: Int?
    private var values: [Double] = []
    /// The first blank line after which no data row has come yet; a row after it is an error.
    private var pendingBlankLine: Int?

    /// - Parameter expectedRows: a guess from the file size, to grow the values once; capped so
    ///   a huge file that fails on line 2 costs no memory.
    init(file: String, expectedRows: Int = 0) {
        self.file = file
        values.reserveCapacity(Swift.min(expectedRows, 1 << 22))
    }

    /// Parses one line, without its line terminator (a trailing `\r` is allowed).
    mutating func consume(line raw: UnsafeRawBufferPointer) throws(TraceError) {
        lineNumber += 1
        var line = raw
        if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeRawBufferPointer(rebasing: line[3...])
        }
        if line.last == UInt8(ascii: "\r") { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        if !isASCII(line), String(validating: line, as: UTF8.self) == nil {
            throw .notUTF8(file: file, line: lineNumber)
        }
        let trimmed = Self.trim(line)
        if trimmed.isEmpty {
            if !sawHeader { throw .missingHeader(found: "", file: file) }
            if pendingBlankLine == nil { pendingBlankLine = lineNumber }
            return
        }
        guard sawHeader else {
            try header(trimmed)
            return
        }
        if let blank = pendingBlankLine {
            throw .wrongFieldCount(0, file: file, line: blank)
        }
        try row(trimmed)
    }

    /// The trace, once every line was consumed.
    consuming func finish(name: String) throws(TraceError) -> Trace {
        guard lineNumber > 0 else { throw .emptyFile(file: file) }
        guard sawHeader else { throw .emptyFile(file: file) }
        guard !values.isEmpty else { throw .noRows(file: file, line: 2) }
        guard let step, let format else { throw .oneRow(file: file, line: 2) }
        return Trace(name: name, timestampFormat: format, startSeconds: firstSeconds, stepSeconds: step, values: values)
    }

    private mutating func header(_ line: UnsafeRawBufferPointer) throws(TraceError) {
        let fields = Self.split(line)
        let expected = fields.count == 2
            && Self.equalsIgnoringCase(fields.first, "timestamp") && Self.equalsIgnoringCase(fields.second, "value")
        guard expected else { throw .missingHeader(found: Self.excerpt(line), file: file) }
        sawHeader = true
    }

    private mutating func row(_ line: UnsafeRawBufferPointer) throws(TraceError) {
        let fields = Self.split(line)
        guard fields.count == 2 else { throw .wrongFieldCount(fields.count, file: file, line: lineNumber) }
        let seconds = try timestamp(fields.first)
        let value = try Self.value(fields.second, file: file, line: lineNumber)

        if values.isEmpty {
            firstSeconds = seconds
        } else {
            let delta = seconds - previousSeconds
            if delta == 0 { throw .duplicateTimestamp(previousLine: previousLine, file: file, line: lineNumber) }
            if delta < 0 {
                throw .outOfOrder(Self.excerpt(fields.first), previousLine: previousLine, file: file, line: lineNumber)
            }
            if let step {
                if delta != Int64(step) {
                    if delta > Int64(step), delta % Int64(step) == 0 {
                        throw .gap(
                            expected: text(of: previousSeconds + Int64(step)), found: Self.excerpt(fields.first),
                            stepSeconds: step, file: file, line: lineNumber)
                    }
                    throw .stepChanged(from: step, to: Int(clamping: delta), file: file, line: lineNumber)
                }
            } else {
                guard delta <= Int64(Int32.max) else {
                    throw .badTimestamp(Self.excerpt(fields.first), why: "is too far after the previous row for a step", file: file, line: lineNumber)
                }
                step = Int(delta)
            }
        }
        previousSeconds = seconds
        previousLine = lineNumber
        values.append(value)
    }

    private func text(of seconds: Int64) -> String {
        format == .iso8601 ? UTCTimestamp.format(seconds) : String(seconds)
    }

    private mutating func timestamp(_ field: UnsafeRawBufferPointer) throws(TraceError) -> Int64 {
        let isInteger = !field.isEmpty && field.allSatisfy { $0 >= 48 && $0 <= 57 }
        let parsed: Int64
        let form: Trace.TimestampFormat
        if isInteger {
            guard field.count <= 15 else {
                throw .badTimestamp(Self.excerpt(field), why: "is too large for seconds", file: file, line: lineNumber)
            }
            var seconds: Int64 = 0
            for byte in field { seconds = seconds * 10 + Int64(byte - 48) }
            parsed = seconds
            form = .seconds
        } else {
            switch UTCTimestamp.parse(field) {
            case .success(let seconds):
                parsed = seconds
                form = .iso8601
            case .failure(let failure):
                let why = switch failure {
                case .notTimestamp: "is neither ISO-8601 UTC (2026-01-05T00:00:00Z) nor integer seconds"
                case .fractionalSeconds: "has fractional seconds; write whole seconds"
                case .notUTC: "is not UTC; end it with Z"
                case .outOfRange: "is not a valid date and time"
                }
                throw .badTimestamp(Self.excerpt(field), why: why, file: file, line: lineNumber)
            }
        }
        if let format, format != form { throw .mixedTimestampFormats(file: file, line: lineNumber) }
        format = form
        return parsed
    }

    // MARK: Values

    /// Powers of ten exactly representable as `Double`.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A non-negative finite decimal. Plain decimals of up to 15 significant digits take a fast
    /// path that is exact (an exact integer divided by an exact power of ten rounds once);
    /// anything else goes through the standard library's correctly rounded parser.
    static func value(_ field: UnsafeRawBufferPointer, file: String, line: Int) throws(TraceError) -> Double {
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawDot = false
        var simple = true
        var hasDigit = false
        for byte in field {
            if byte >= 48, byte <= 57 {
                hasDigit = true
                if digits > 0 || byte != 48 { digits += 1 }
                mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                if sawDot { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !sawDot {
                sawDot = true
            } else {
                simple = false
                break
            }
        }
        if simple, hasDigit, digits <= 15, fractionDigits <= 22 {
            return Double(mantissa) / exactPowersOfTen[fractionDigits]
        }

        let allowed = field.allSatisfy { byte in
            (byte >= 48 && byte <= 57) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        let anyDigit = field.contains { $0 >= 48 && $0 <= 57 }
        guard allowed, anyDigit, let parsed = Double(String(decoding: field, as: UTF8.self)) else {
            throw .badValue(excerpt(field), file: file, line: line)
        }
        guard parsed.isFinite else { throw .valueOutOfRange(excerpt(field), file: file, line: line) }
        if parsed < 0 { throw .negativeValue(excerpt(field), file: file, line: line) }
        return parsed == 0 ? 0 : parsed  // -0 is zero load
    }

    // MARK: Bytes

    private func isASCII(_ line: UnsafeRawBufferPointer) -> Bool {
        line.allSatisfy { $0 < 0x80 }
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    static func trim(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// The first two comma-separated fields, trimmed, and how many fields there are.
    private static func split(_ line: UnsafeRawBufferPointer) -> (first: UnsafeRawBufferPointer, second: UnsafeRawBufferPointer, count: Int) {
        var firstComma = -1
        var count = 1
        for (index, byte) in line.enumerated() where byte == UInt8(ascii: ",") {
            if firstComma < 0 { firstComma = index }
            count += 1
        }
        guard firstComma >= 0 else { return (trim(line), UnsafeRawBufferPointer(start: nil, count: 0), 1) }
        let first = trim(UnsafeRawBufferPointer(rebasing: line[..<firstComma]))
        let second = trim(UnsafeRawBufferPointer(rebasing: line[(firstComma + 1)...]))
        return (first, second, count)
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ word: String) -> Bool {
        let expected = Array(word.utf8)
        guard bytes.count == expected.count else { return false }
        for (byte, wanted) in zip(bytes, expected) where byte | 0x20 != wanted {
            return false
        }
        return true
    }

    /// At most 40 characters of a field, for messages. Line breaks other than the `\n` that ends
    /// a line (a lone `\r`, a form feed) are shown as escapes, so the message stays one line.
    static func excerpt(_ bytes: UnsafeRawBufferPointer) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        guard shown.contains(where: \.isNewline) else { return shown }
        return shown.map(escapingLineBreak).joined()
    }

    private static func escapingLineBreak(_ character: Character) -> String {
        guard character.isNewline else { return String(character) }
        return character.unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
    }
}
