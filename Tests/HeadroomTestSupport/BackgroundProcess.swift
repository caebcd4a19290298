import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A long-running child process for tests (a `headroom run` daemon): spawned by
/// ``ProcessSpawner`` (empty signal mask, default dispositions, output to a log file), signalled
/// by its PID, and reaped exactly once. Unlike ``ChildProcess`` the test keeps running while
/// the child does.
public final class BackgroundProcess: @unchecked Sendable {
    /// How the process ended.
    public typealias Exit = ProcessSpawner.Exit

    public let pid: pid_t
    /// stdout and stderr together.
    public let logPath: String
    private let lock = NSLock()
    private var exit: Exit?

    private init(pid: pid_t, logPath: String) {
        self.pid = pid
        self.logPath = logPath
    }

    /// Starts `executable` with exactly `environment` (and the sanitizer settings, ``SanitizerEnvironment``).
    public static func start(_ executable: URL, _ arguments: [String], environment: [String: String]) throws -> BackgroundProcess {
        let logPath = NSTemporaryDirectory() + "headroom-bg-\(UUID().uuidString).log"
        let pid = try ProcessSpawner.spawn(
            executable.path, arguments: arguments, environment: SanitizerEnvironment.handedOn(to: environment),
            output: .init(stdout: logPath))
        return BackgroundProcess(pid: pid, logPath: logPath)
    }

    /// How it ended, or `nil` while it runs; reaps it (once) when it has exited.
    public var exited: Exit? {
        lock.withLock {
            if let exit { return exit }
            exit = ProcessSpawner.reap(pid)
            return exit
        }
    }

    public var isRunning: Bool { exited == nil }

    /// Sends `signal` (SIGTERM, SIGKILL, …) to the process, if it still runs.
    public func send(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits until the process has exited, at most `timeout`; `nil` if it still runs then.
    public func waitForExit(timeout: Duration) async -> Exit? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let exited { return exited }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exited
    }

    /// Stops it for good: SIGTERM, then SIGKILL after `grace`; reaps it and removes the log.
    public func stop(grace: Duration = .seconds(5)) async {
        send(SIGTERM)
        if await waitForExit(timeout: grace) == nil {
            send(SIGKILL)
            _ = await waitForExit(timeout: .seconds(30))
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// What it wrote so far (stdout and stderr).
    public var output: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The end of ``output``, for failure messages.
    public func outputTail(_ count: Int = 800) -> String {
        String(output.suffix(count))
    }

    /// The executable `$override` names, else the first `name` on `PATH` (then /usr/bin,
    /// /usr/local/bin); `nil` when there is none.
    public static func find(_ name: String, override: String? = nil) -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let override, let explicit = environment[override], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        // Typed, or `split(…) + [literals]` concatenates arrays of characters.
        let path: [String] = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in path + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
