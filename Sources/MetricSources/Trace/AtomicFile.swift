import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file all at once or not at all: the bytes go to a temporary file in the same
/// directory, are flushed to disk, and the temporary file is renamed over the target. A
/// reader sees the old file or the whole new one; after a failure nothing is left behind.
public enum AtomicFile {
    /// Writes `data` to `path`, replacing any file there.
    /// - Throws: ``TraceExportError`` (`writeFailed`) naming the path and the system's reason.
    public static func write(_ data: Data, to path: String) throws(TraceExportError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TraceExportError(.writeFailed, "cannot write \(path): the directory \(directory) does not exist")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw TraceExportError(.writeFailed, "cannot write \(path): \(systemError(errno))")
        }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = systemError(errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = systemError(errno)
        }
        if close(descriptor) != 0, failure == nil {
            failure = systemError(errno)
        }
        if failure == nil, rename(temporary, path) != 0 {
            failure = systemError(errno)
        }
        if let failure {
            unlink(temporary)
            throw TraceExportError(.writeFailed, "cannot write \(path): \(failure)")
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func systemError(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
