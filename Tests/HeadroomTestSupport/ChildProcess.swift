import Foundation

/// Runs a program to completion without blocking a thread of Swift's cooperative pool:
/// output goes to files (never a full pipe), and the exit is awaited through the
/// termination handler. Tests that run the `headroom` binary use it, so they cannot starve
/// other tests' timers on a 2-core machine. An explicit environment still carries the
/// sanitizer settings (``SanitizerEnvironment``).
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
        try Data().write(to: out)
        try Data().write(to: err)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = SanitizerEnvironment.handedOn(to: environment) }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { finished in continuation.resume(returning: finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        try outHandle.close()
        try errHandle.close()
        return Outcome(status: status, stdout: try Data(contentsOf: out), stderr: try Data(contentsOf: err))
    }
}
