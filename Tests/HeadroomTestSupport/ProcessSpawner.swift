import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts child processes for tests with `posix_spawn`, not Foundation's `Process`.
///
/// Two reasons. The child gets an empty signal mask and default dispositions, whatever the
/// test runner blocked, so SIGTERM and SIGINT reach a `headroom run` as they would from a
/// shell. And on Linux every `Process` object stays allocated until exit (it keeps itself
/// alive), which buried the AddressSanitizer run's leak report in test-harness noise.
public enum ProcessSpawner {
    /// Where the child's standard output and error go.
    public struct Output: Sendable {
        public var stdout: String
        /// `nil`: the same file as standard output.
        public var stderr: String?

        public init(stdout: String, stderr: String? = nil) {
            self.stdout = stdout
            self.stderr = stderr
        }
    }

    /// Spawns `executable` with exactly `environment`, standard input from /dev/null, output to
    /// the files in `output` (created or truncated), in `directory` if given; returns its PID.
    public static func spawn(
        _ executable: String, arguments: [String], environment: [String: String], output: Output, directory: String? = nil
    ) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&files, 1, output.stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let stderr = output.stderr {
            posix_spawn_file_actions_addopen(&files, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&files, 1, 2)
        }
        if let directory {
            // glibc has it since 2.29, but its header hides it from Swift's Glibc module.
            guard let addChdir = addChdir else { throw SpawnError(executable: executable, errno: ENOSYS) }
            _ = addChdir(&files, directory)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &files, &attributes, argv, envp)
        guard result == 0 else { throw SpawnError(executable: executable, errno: result) }
        return pid
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `posix_spawn_file_actions_addchdir_np`, looked up at run time.
    private static let addChdir: AddChdir? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
        unsafeBitCast($0, to: AddChdir.self)
    }

    /// How a reaped child ended.
    public enum Exit: Sendable, Equatable, CustomStringConvertible {
        case status(Int32)
        case signal(Int32)

        /// The exit status, or the signal's number when a signal ended it (as Foundation's
        /// `Process.terminationStatus` reports it).
        public var code: Int32 {
            switch self {
            case .status(let code), .signal(let code): code
            }
        }

        public var description: String {
            switch self {
            case .status(let code): "exit status \(code)"
            case .signal(let signal): "killed by signal \(signal)"
            }
        }
    }

    /// Reaps `pid` if it has exited (never blocks); `nil` while it runs.
    public static func reap(_ pid: pid_t) -> Exit? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        // The <sys/wait.h> macros are not visible to Swift: the low 7 bits are the signal.
        let signal = status & 0x7f
        return signal == 0 ? .status((status >> 8) & 0xff) : .signal(signal)
    }

    /// Waits for `pid` to exit without holding a thread: polls every 10 ms. When the waiting
    /// task is cancelled the child is killed (SIGKILL) and reaped, so no test leaves one behind.
    public static func waitForExit(_ pid: pid_t) async -> Exit {
        while true {
            if let exit = reap(pid) { return exit }
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
                return .signal(SIGKILL)
            }
        }
    }
}

/// `posix_spawn` failed: the executable is missing or not executable.
public struct SpawnError: Error, CustomStringConvertible {
    public var executable: String
    public var errno: Int32

    public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
