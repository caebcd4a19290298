import Foundation

/// The bytes of a file, or a one-line reason why they cannot be had.
enum FileContents {
    static func read(_ url: URL, path: String) -> Result<Data, PolicyFileError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return .failure(unreadable(path, "no such file"))
        }
        guard !isDirectory.boolValue else {
            return .failure(unreadable(path, "it is a directory, not a file"))
        }
        do {
            return .success(try Data(contentsOf: url))
        } catch {
            return .failure(unreadable(path, error.localizedDescription))
        }
    }

    /// The file's name without directory and extension: the default policy or scenario name.
    static func baseName(of path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    private static func unreadable(_ path: String, _ reason: String) -> PolicyFileError {
        PolicyFileError(.unreadableFile, file: path, line: 1, column: 1, message: "cannot read the file: \(reason)")
    }
}
