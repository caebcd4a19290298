import Foundation
import Testing

@testable import Simulator

@Suite struct TraceReaderTests {
    private func parse(_ text: String) throws(TraceError) -> Trace {
        try TraceReader.parse(Array(text.utf8), file: "load.csv")
    }

    /// The one-line error text for `text`, or a note that it parsed.
    private func error(_ text: String) -> String {
        errorOf(Array(text.utf8))
    }

    private func errorOf(_ bytes: [UInt8]) -> String {
        do {
            _ = try TraceReader.parse(bytes, file: "load.csv")
            return "parsed"
        } catch {
            return error.description
        }
    }

    @Test func readsSecondsTimestamps() throws {
        let trace = try parse("timestamp,value\n0,1.5\n60,0\n120,42\n")
        #expect(trace.values == [1.5, 0, 42])
        #expect(trace.stepSeconds == 60)
        #expect(trace.startSeconds == 0)
        #expect(trace.timestampFormat == .seconds)
        #expect(trace.name == "load")
        #expect(trace.timestampText(ofStep: 2) == "120")
    }

    @Test func readsISOTimestamps() throws {
        let trace = try parse("timestamp,value\n2026-01-05T00:00:00Z,3\n2026-01-05T00:05:00Z,4\n2026-01-05T00:10:00+00:00,5")
        #expect(trace.values == [3, 4, 5])
        #expect(trace.stepSeconds == 300)
        // 2026-01-05 is day 20458 since 1970-01-01.
        #expect(trace.startSeconds == 20458 * 86_400)
        #expect(trace.timestampText(ofStep: 1) == "2026-01-05T00:05:00Z")
        #expect(trace.date(ofStep: 0) == Date(timeIntervalSince1970: 1_767_571_200))
    }

    @Test func toleratesCRLFByteOrderMarkSpacesAndTrailingBlankLines() throws {
        let trace = try parse("\u{FEFF}Timestamp , Value\r\n0, 1\r\n10 ,2\r\n\r\n\n")
        #expect(trace.values == [1, 2])
        #expect(trace.stepSeconds == 10)
    }

    @Test func isoDatesRoundTrip() {
        for seconds: Int64 in [0, 951_782_400, 951_868_799, 1_767_571_200, -86_400, 4_102_444_800] {
            let text = UTCTimestamp.format(seconds)
            let parsed = Array(text.utf8).withUnsafeBytes { UTCTimestamp.parse($0) }
            #expect((try? parsed.get()) == seconds, "\(text)")
        }
        #expect(UTCTimestamp.format(951_782_400) == "2000-02-29T00:00:00Z")
    }

    @Test(arguments: [
        // (file text, expected one-line error)
        ("", "load.csv:1: empty file; a trace starts with the header 'timestamp,value'"),
        ("0,1\n60,2\n", "load.csv:1: expected the header 'timestamp,value', found '0,1'"),
        ("timestamp,value\n", "load.csv:2: no data rows after the header"),
        ("timestamp,value\n0,1\n", "load.csv:2: only one data row; a trace needs two or more to define its step"),
        ("timestamp,value\n0,1\n60,2\n180,3\n", "load.csv:4: gap: expected 120 (one step of 60 s after the previous row), found 180"),
        ("timestamp,value\n0,1\n60,2\n60,3\n", "load.csv:4: duplicate timestamp: the same as line 3"),
        ("timestamp,value\n0,1\n60,2\n30,3\n", "load.csv:4: timestamp '30' is out of order: earlier than line 3"),
        ("timestamp,value\n0,1\n60,2\n150,3\n", "load.csv:4: step changes from 60 s to 90 s; the step must be constant"),
        ("timestamp,value\n0,1\n60,-2\n", "load.csv:3: value '-2' is negative; load cannot be"),
        ("timestamp,value\n0,1\n60,abc\n", "load.csv:3: value 'abc' is not a number"),
        ("timestamp,value\n0,1\n60,nan\n", "load.csv:3: value 'nan' is not a number"),
        ("timestamp,value\n0,inf\n60,1\n", "load.csv:2: value 'inf' is not a number"),
        ("timestamp,value\n0,1e999\n60,1\n", "load.csv:2: value '1e999' is out of range"),
        ("timestamp,value\n0,\n60,1\n", "load.csv:2: value '' is not a number"),
        ("timestamp,value\n0,1,2\n", "load.csv:2: expected 2 fields 'timestamp,value', found 3"),
        ("timestamp,value\n0\n", "load.csv:2: expected 2 fields 'timestamp,value', found 1"),
        ("timestamp,value\n0,1\n\n60,2\n", "load.csv:3: expected 2 fields 'timestamp,value', found 0"),
        ("timestamp,value\n0,1\n2026-01-05T00:00:00Z,2\n", "load.csv:3: timestamp form changes: use ISO-8601 UTC or integer seconds throughout"),
        ("timestamp,value\nyesterday,1\n", "load.csv:2: timestamp 'yesterday' is neither ISO-8601 UTC (2026-01-05T00:00:00Z) nor integer seconds"),
        ("timestamp,value\n2026-01-05T00:00:00+01:00,1\n", "load.csv:2: timestamp '2026-01-05T00:00:00+01:00' is not UTC; end it with Z"),
        ("timestamp,value\n2026-01-05T00:00:00,1\n", "load.csv:2: timestamp '2026-01-05T00:00:00' is not UTC; end it with Z"),
        ("timestamp,value\n2026-01-05T00:00:00.5Z,1\n", "load.csv:2: timestamp '2026-01-05T00:00:00.5Z' has fractional seconds; write whole seconds"),
        ("timestamp,value\n2026-02-30T00:00:00Z,1\n", "load.csv:2: timestamp '2026-02-30T00:00:00Z' is not a valid date and time"),
        ("timestamp,value\n-60,1\n0,1\n", "load.csv:2: timestamp '-60' is neither ISO-8601 UTC (2026-01-05T00:00:00Z) nor integer seconds"),
    ])
    func reportsErrorsWithTheirLine(text: String, expected: String) {
        #expect(error(text) == expected)
    }

    @Test func reportsNonUTF8WithItsLine() {
        var bytes = Array("timestamp,value\n0,1\n60,".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\n120,3\n".utf8)
        #expect(errorOf(bytes) == "load.csv:3: not UTF-8 text")
    }

    @Test func refusesAbsurdLinesInMemoryAndFromFiles() throws {
        // Line 3 is 1 MiB + 1 byte long and has no end.
        var bytes = Array("timestamp,value\n0,1\n".utf8)
        bytes += Array(repeating: UInt8(ascii: "7"), count: TraceReader.maxLineBytes + 1)
        let expected = "load.csv:3: line longer than \(TraceReader.maxLineBytes) bytes; is this a trace CSV?"
        #expect(errorOf(bytes) == expected)

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("load.csv")
        try Data(bytes + Array("\n60,1\n".utf8)).write(to: url)
        #expect(throws: TraceError.self) { try TraceReader.read(contentsOf: url, file: "load.csv") }
        do {
            _ = try TraceReader.read(contentsOf: url, file: "load.csv")
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func missingFileIsNamed() {
        do {
            _ = try TraceReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/trace.csv"), file: "/nonexistent/trace.csv")
            Issue.record("read a missing file")
        } catch {
            #expect(error.description == "/nonexistent/trace.csv: cannot read the trace: no such file")
        }
    }

    @Test func streamingAcrossChunksMatchesParsingInMemory() throws {
        // 60,000 rows (≈ 1.6 MB): a line straddles the reader's 1 MiB chunk boundary.
        var text = "timestamp,value\n"
        var random = SplitMix64(seed: 7)
        for step in 0..<60_000 {
            text += "\(UTCTimestamp.format(1_767_571_200 + Int64(step) * 60)),\(Double(random.next() % 100_000) / 100)\n"
        }
        let bytes = Array(text.utf8)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("big.csv")
        try Data(bytes).write(to: url)
        let streamed = try TraceReader.read(contentsOf: url)
        let inMemory = try TraceReader.parse(bytes, file: "big.csv")
        #expect(streamed == inMemory)
        #expect(streamed.count == 60_000)
        #expect(streamed.name == "big")
    }

    @Test func fastDecimalPathAgreesWithTheStandardLibrary() throws {
        var random = SplitMix64(seed: 42)
        var texts = ["0", "0.0", "00012", "1.", ".5", "3.14159", "123456789012345", "1234567890.12345",
                     "0.1", "0.30000000000000004", "9007199254740993", "1e3", "2.5E-3", "1234567890123456789"]
        for _ in 0..<5000 {
            let integer = random.next() % 1_000_000_000
            let fraction = random.next() % 1_000_000
            let digits = Int(random.next() % 7)
            let fractionText = String(String(fraction).prefix(digits))
            texts.append(digits == 0 ? "\(integer)" : "\(integer).\(fractionText)")
        }
        for text in texts {
            let parsed = try Array(text.utf8).withUnsafeBytes { bytes throws(TraceError) in
                try TraceParser.value(bytes, file: "x", line: 1)
            }
            #expect(parsed == Double(text)!, "\(text)")
        }
    }
}
