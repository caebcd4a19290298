import Simulator
import Testing

/// Inputs that `Fuzz/FuzzTraceReader` found to break a contract (RELIABILITY.md, "Fuzzing"),
/// kept byte for byte; each now gets the answer written next to it.
@Suite("Trace reader fuzzing regressions")
struct FuzzRegressionTests {
    private func errorDescription(_ bytes: [UInt8]) -> String? {
        do {
            _ = try TraceReader.parse(bytes, file: "fuzz.csv")
            return nil
        } catch {
            return error.description
        }
    }

    /// A header with a form feed in it was quoted as it was, so the "one line" error spanned two.
    @Test("a line break inside quoted text is escaped, keeping the error one line")
    func formFeedInHeader() throws {
        let description = try #require(errorDescription(Array("time,ta~ep,value\u{0C}5,1\n60,".utf8)))
        #expect(description == #"fuzz.csv:1: expected the header 'timestamp,value', found 'time,ta~ep,value\u{0C}5,1'"#)
        let lineBreaks = description.filter(\.isNewline)
        #expect(lineBreaks.isEmpty)
    }

    /// The same for a file with classic Mac line ends (CR only): it is one long line.
    @Test("a file with CR line ends is named as such in one line")
    func carriageReturnLineEnds() throws {
        let description = try #require(errorDescription(Array("timestamp,value\r0,1\r60,2\r".utf8)))
        #expect(description == #"fuzz.csv:1: expected the header 'timestamp,value', found 'timestamp,value\r0,1\r60,2'"#)
    }
}
