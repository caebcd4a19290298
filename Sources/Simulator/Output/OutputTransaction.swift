import Foundation

/// Writes a set of output files all or nothing: each file goes to a temporary file beside its
/// destination, and only when every one was written are they renamed into place. On failure,
/// ``rollback()`` removes the temporary files and any directory the transaction created, so
/// an error leaves nothing partial behind.
public struct OutputTransaction: Sendable {
    private var staged: [(temporary: URL, destination: URL)] = []
    private var createdDirectories: [URL] = []
    private let tag: String

    /// - Parameter tag: distinguishes this transaction's temporary files (e.g. the process id).
    public init(tag: String) {
        self.tag = tag
    }

    /// Makes sure `directory` exists, creating it and any missing parents (like `mkdir -p`),
    /// and remembering each one it created so that ``rollback()`` removes them again.
    public mutating func ensureDirectory(_ directory: URL) throws(SimulationError) {
        // Walk up to the nearest path that exists; it must be a directory.
        var missing: [URL] = []
        var existing = directory.standardizedFileURL
        var isDirectory: ObjCBool = false
        while !FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory) {
            missing.append(existing)
            let parent = existing.deletingLastPathComponent()
            if parent.path == existing.path { break }
            existing = parent
        }
        guard isDirectory.boolValue else {
            throw .outputFailed(Self.name(of: existing, asked: directory), "it exists and is not a directory")
        }
        for component in missing.reversed() {
            do {
                try FileManager.default.createDirectory(at: component, withIntermediateDirectories: false)
            } catch {
                throw .outputFailed(Self.name(of: component, asked: directory), Self.reason(error))
            }
            createdDirectories.append(component)
        }
    }

    /// Writes `contents` to a temporary file next to `destination`.
    public mutating func stage(_ contents: Data, at destination: URL) throws(SimulationError) {
        let directory = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .outputFailed(destination.relativePath, "the directory \(directory.relativePath) does not exist")
        }
        let temporary = directory.appendingPathComponent(".\(destination.lastPathComponent).\(tag).\(staged.count).tmp")
        do {
            try contents.write(to: temporary)
        } catch {
            throw .outputFailed(destination.relativePath, Self.reason(error))
        }
        staged.append((temporary, destination))
    }

    /// Renames every staged file into place.
    public mutating func commit() throws(SimulationError) {
        for (index, file) in staged.enumerated() {
            if rename(file.temporary.path, file.destination.path) != 0 {
                let reason = String(cString: strerror(errno))
                // Files already renamed stay (they are complete); the rest are removed.
                for rest in staged[index...] { unlink(rest.temporary.path) }
                staged = []
                createdDirectories = []
                throw .outputFailed(file.destination.relativePath, reason)
            }
        }
        staged = []
        createdDirectories = []
    }

    /// Removes every staged file and every directory this transaction created.
    public mutating func rollback() {
        for file in staged { unlink(file.temporary.path) }
        for directory in createdDirectories.reversed() { rmdir(directory.path) }
        staged = []
        createdDirectories = []
    }

    /// How an error names `path`: as the user wrote it when it is the directory they asked
    /// for, in full when it is one of its parents.
    private static func name(of path: URL, asked directory: URL) -> String {
        path.path == directory.standardizedFileURL.path ? directory.relativePath : path.path
    }

    /// The operating system's words for a failed write, when it gave any.
    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
