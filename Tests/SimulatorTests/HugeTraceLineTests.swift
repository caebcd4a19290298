import Foundation
import Testing

@testable import Simulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A trace whose third line is a gigabyte long, as a sparse file: it takes no disk space, and
/// the reader must refuse it after reading little more than its line limit.
@Suite struct HugeTraceLineTests {
    /// A file `header + "0,1\n" + (1 GiB of zero bytes, no newline)`, sparse on disk.
    static func sparseTrace() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-huge-\(UUID().uuidString).csv")
        try Data("timestamp,value\n0,1\n".utf8).write(to: url)
        let fd = open(url.path, O_WRONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        #expect(ftruncate(fd, off_t(1 << 30) + 20) == 0, "extend to 1 GiB without writing it")
        return url
    }

    #if canImport(Glibc)
    private static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    private static let selfUsage = RUSAGE_SELF
    #endif

    /// The most this process has ever held in memory, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(Self.selfUsage, &usage)
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)
        #else
        return Int(usage.ru_maxrss) * 1024
        #endif
    }

    @Test func aOneGigabyteLineIsRefusedWithoutReadingIt() throws {
        let url = try Self.sparseTrace()
        defer { try? FileManager.default.removeItem(at: url) }
        let size = try #require(try url.resourceValues(forKeys: [.fileSizeKey]).fileSize)
        #expect(size > 1 << 30)

        let before = Self.peakResidentBytes()
        #expect {
            try TraceReader.read(contentsOf: url, file: "huge.csv")
        } throws: { error in
            "\(error)" == "huge.csv:3: line longer than \(TraceReader.maxLineBytes) bytes; is this a trace CSV?"
        }
        let grown = Self.peakResidentBytes() - before
        #expect(grown < 64 << 20, "reading the refused trace raised peak memory by \(grown >> 20) MiB")
    }
}
