import Foundation

/// Runs a program to completion without blocking a thread of Swift's cooperative pool:
/// output goes to files (never a full pipe), and the exit is polled (``ProcessSpawner``).
/// Tests that run the `headroom` binary use it, so they cannot starve other tests' timers on a
/// 2-core machine. An explicit environment still carries the sanitizer settings
/// (``SanitizerEnvironment``).
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil
    ) async throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-child-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout")
        let err = scratch.appendingPathComponent("stderr")
        let pid = try ProcessSpawner.spawn(
            executable.path, arguments: arguments,
            environment: environment.map(SanitizerEnvironment.handedOn(to:)) ?? ProcessInfo.processInfo.environment,
            output: .init(stdout: out.path, stderr: err.path), directory: currentDirectory?.path)
        let status = await ProcessSpawner.waitForExit(pid).code
        return Outcome(status: status, stdout: try contents(of: out), stderr: try contents(of: err))
    }

    /// The file's bytes. An empty file is not read: Foundation's `Data(contentsOf:)` on Linux
    /// (Swift 6.3.1) leaks the 4 KiB buffer it reads a zero-size file into, and most of these
    /// files (a silent stderr) are empty.
    private static func contents(of file: URL) throws -> Data {
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        return size == 0 ? Data() : try Data(contentsOf: file)
    }
}
