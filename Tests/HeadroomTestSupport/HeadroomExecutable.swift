import Foundation

/// Where test suites find the `headroom` executable and the repository's files.
public enum HeadroomExecutable {
    /// The package root: CLI tests run here so relative paths in arguments name the repository's files.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // HeadroomTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The `headroom` product of the same build as the running tests. `swift build --build-tests`
    /// puts it next to the test executable, in whatever scratch path and configuration it uses, so
    /// a run under `scripts/sanitize.sh` (scratch path `.build-thread` or `.build-address`) starts
    /// the instrumented binary rather than the plain one in `.build/debug`.
    public static let url: URL = {
        let testExecutable = Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testExecutable.deletingLastPathComponent().appending(path: "headroom")
    }()

    /// Whether the binary has been built.
    public static var exists: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// What a suite fails with when the binary is missing.
    public static var missingMessage: String {
        "build the CLI first: swift build --build-tests (looked for \(url.path))"
    }
}
