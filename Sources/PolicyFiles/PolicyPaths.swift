import Foundation

/// Where policy files are: a path names a file, or a folder standing for the `.yaml` and
/// `.yml` files directly in it.
public enum PolicyPaths {
    /// A folder's policy files (sorted), `nil` for a folder without any, or the path itself.
    public static func expand(_ path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return [path]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let yaml = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !yaml.isEmpty else { return nil }
        let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
        return yaml.map { "\(directory)/\($0)" }
    }
}
