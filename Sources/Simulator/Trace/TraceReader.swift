import Foundation

/// Reads trace CSV files (SIMULATION.md, "Trace") into a ``Trace``.
///
/// The file is streamed in chunks and parsed as bytes, so a year of one-minute rows reads in
/// milliseconds and a line that never ends is refused instead of filling memory.
public enum TraceReader {
    /// The longest line accepted, in bytes. Real rows are a few dozen bytes long.
    public static let maxLineBytes = 1 << 20

    private static let chunkBytes = 1 << 20

    /// Reads the trace at `url`.
    /// - Parameter file: how errors name the file; defaults to the path as `url` was made.
    /// - Throws: ``TraceError`` naming the file and line of the first problem.
    public static func read(contentsOf url: URL, file: String? = nil) throws(TraceError) -> Trace {
        let file = file ?? url.relativePath
        do {
            return try readStreaming(url, file: file)
        } catch let error as TraceError {
            throw error
        } catch {
            throw .unreadable(String(describing: error), file: file)
        }
    }

    private static func readStreaming(_ url: URL, file: String) throws -> Trace {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: url)
        } catch {
            throw TraceError.unreadable(reason(error, url: url), file: file)
        }
        defer { try? handle.close() }

        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        var parser = TraceParser(file: file, expectedRows: size / 12)
        var carry: [UInt8] = []
        while true {
            let chunk: Data
            do {
                guard let read = try handle.read(upToCount: chunkBytes), !read.isEmpty else { break }
                chunk = read
            } catch {
                throw TraceError.unreadable(reason(error, url: url), file: file)
            }
            try chunk.withUnsafeBytes { bytes in try consumeLines(bytes, carry: &carry, parser: &parser) }
        }
        if !carry.isEmpty {
            try carry.withUnsafeBytes { line in try parser.consume(line: line) }
        }
        return try parser.finish(name: url.deletingPathExtension().lastPathComponent)
    }

    /// Parses a whole trace held in memory.
    public static func parse(_ bytes: [UInt8], file: String, name: String? = nil) throws(TraceError) -> Trace {
        let fallback = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        do {
            var parser = TraceParser(file: file, expectedRows: bytes.count / 12)
            var carry: [UInt8] = []
            try bytes.withUnsafeBytes { buffer in try consumeLines(buffer, carry: &carry, parser: &parser) }
            if !carry.isEmpty {
                try carry.withUnsafeBytes { line in try parser.consume(line: line) }
            }
            return try parser.finish(name: name ?? fallback)
        } catch let error as TraceError {
            throw error
        } catch {
            throw .unreadable(String(describing: error), file: file)
        }
    }

    /// Feeds every complete line of `bytes` to `parser`; an unfinished last line waits in `carry`.
    private static func consumeLines(
        _ bytes: UnsafeRawBufferPointer, carry: inout [UInt8], parser: inout TraceParser
    ) throws {
        var start = 0
        let end = bytes.count
        while start < end {
            guard let newline = firstNewline(bytes, from: start) else {
                if carry.count + (end - start) > maxLineBytes {
                    throw TraceError.lineTooLong(limit: maxLineBytes, file: parser.file, line: parser.lineNumber + 1)
                }
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                return
            }
            if carry.count + (newline - start) > maxLineBytes {
                throw TraceError.lineTooLong(limit: maxLineBytes, file: parser.file, line: parser.lineNumber + 1)
            }
            if carry.isEmpty {
                try parser.consume(line: UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
            } else {
                carry.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<newline]))
                try carry.withUnsafeBytes { line in try parser.consume(line: line) }
                carry.removeAll(keepingCapacity: true)
            }
            start = newline + 1
        }
    }

    private static func firstNewline(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress, start < bytes.count else { return nil }
        guard let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    private static func reason(_ error: any Error, url: URL) -> String {
        if !FileManager.default.fileExists(atPath: url.path) { return "no such file" }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
