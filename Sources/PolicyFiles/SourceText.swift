import Foundation

/// The text of a policy or scenario file: its bytes decoded strictly as UTF-8.
///
/// Decoding with replacement characters would let a stray Latin-1 byte slip into a metric
/// name or a PromQL query; instead the first invalid byte is an error at its line and column.
enum SourceText {
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The text of `data`, without a leading byte order mark; or where it stops being UTF-8.
    static func decode(_ data: Data, file: String) -> Result<String, PolicyFileError> {
        var bytes = [UInt8](data)
        if bytes.starts(with: byteOrderMark) { bytes.removeFirst(byteOrderMark.count) }

        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        var line = 1
        var column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .emptyInput:
                return .success(String(decoding: bytes, as: UTF8.self))
            case .error:
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                return .failure(PolicyFileError(
                    .invalidEncoding, file: file, line: line, column: column,
                    message: "the file is not valid UTF-8: byte 0x\(byte) at byte offset \(offset); save it as UTF-8"))
            }
        }
    }

    /// The 1-based line and column (in Unicode scalars) of the character `offset` characters into `text`.
    static func position(ofCharacterOffset offset: Int, in text: String) -> SourcePosition {
        let end = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) ?? text.endIndex
        var line = 1
        var column = 1
        for scalar in text[..<end].unicodeScalars {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourcePosition(line: line, column: column)
    }
}
