import AWSClient
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `moto_server` child process on 127.0.0.1 for integration tests.
///
/// Attach `.enabled(if: MotoServer.isInstalled, "…")` and
/// `.motoServer(initialNoAuthActionCount:)` to a `.serialized` suite and read
/// ``MotoServer/current`` in its tests; ``MotoAccount`` creates the IAM users to sign with.
/// The suite is skipped, with the reason printed, only when `moto_server` is not installed
/// (`scripts/moto.sh install` installs it); if it is installed but fails to start, the suite
/// fails.
public final class MotoServer: @unchecked Sendable {
    /// The server of the innermost suite that has the `.moto` trait.
    @TaskLocal public static var current: MotoServer?

    public let port: Int
    /// The PID of `moto_server`; ours to stop and reap.
    public let pid: pid_t
    private let logPath: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The path of `moto_server`: `$MOTO_SERVER` if set, else the first on `PATH`.
    public static let executablePath: String? = BackgroundProcess.find("moto_server", override: "MOTO_SERVER")

    public static var isInstalled: Bool { executablePath != nil }

    private init(port: Int, pid: pid_t, logPath: String) {
        self.port = port
        self.pid = pid
        self.logPath = logPath
    }

    /// Starts moto on a free port with the first `initialNoAuthActionCount` actions
    /// unauthenticated and signature checks on every later one, and waits until it answers.
    public static func start(initialNoAuthActionCount: Int) async throws -> MotoServer {
        guard let executable = executablePath else {
            throw MotoError("moto_server is not installed; run scripts/moto.sh install")
        }
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try freePort()
            let logPath = NSTemporaryDirectory() + "moto-\(port)-\(UUID().uuidString).log"
            var environment = ProcessInfo.processInfo.environment
            environment["INITIAL_NO_AUTH_ACTION_COUNT"] = "\(initialNoAuthActionCount)"
            let pid = try ProcessSpawner.spawn(
                executable, arguments: ["-H", "127.0.0.1", "-p", "\(port)"], environment: environment,
                output: .init(stdout: logPath))
            let server = MotoServer(port: port, pid: pid, logPath: logPath)
            do {
                try await server.waitUntilReady()
                return server
            } catch {
                lastError = error
                await server.stop()
            }
        }
        throw lastError ?? MotoError("moto_server did not start")
    }

    /// Whether the child is still running; reaps it (once) when it has exited.
    private var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || reaped < 0 {
                exitStatus = status
                return false
            }
            return true
        }
    }

    /// Polls `GET /moto-api/data.json` (unauthenticated, not counted as an action).
    private func waitUntilReady() async throws {
        let transport = URLSessionTransport(
            configuration: .init(timeouts: HTTPTimeouts(connect: .seconds(2), request: .seconds(5)))
        )
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard isRunning else {
                throw MotoError("moto_server exited: \(logTail())")
            }
            let request = HTTPRequest(method: "GET", url: baseURL.appendingPathComponent("moto-api/data.json"))
            if let response = try? await transport.send(request), response.status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MotoError("moto_server did not answer on port \(port) within 30 s: \(logTail())")
    }

    /// Sends SIGTERM to the PID and waits until the process has exited and been reaped
    /// (SIGKILL after 15 s), so the port is free again.
    public func stop() async {
        if isRunning {
            kill(pid, SIGTERM)
        }
        let deadline = ContinuousClock.now + .seconds(15)
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        try? FileManager.default.removeItem(atPath: logPath)
    }

    private func logTail() -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(800))
    }

    /// A port nothing listens on right now: bind port 0, read it, close.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw MotoError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw MotoError("bind() failed") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: actual.sin_port))
    }

    public struct MotoError: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}

/// Runs a suite against one moto server started before its first test and stopped, by
/// PID, after its last.
public struct MotoTrait: SuiteTrait, TestScoping {
    public let initialNoAuthActionCount: Int

    public init(initialNoAuthActionCount: Int) {
        self.initialNoAuthActionCount = initialNoAuthActionCount
    }

    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await MotoServer.start(initialNoAuthActionCount: initialNoAuthActionCount)
        do {
            try await MotoServer.$current.withValue(server) {
                try await function()
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == MotoTrait {
    /// Starts moto for the suite; see ``MotoServer``. (Named apart from AWSClientTests' own
    /// `.moto(initialNoAuthActionCount:)` so both can be visible in that target.)
    public static func motoServer(initialNoAuthActionCount: Int) -> MotoTrait {
        MotoTrait(initialNoAuthActionCount: initialNoAuthActionCount)
    }
}
