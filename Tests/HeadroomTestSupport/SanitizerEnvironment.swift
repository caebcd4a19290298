import Foundation

/// The sanitizer settings of the running tests, handed on to the programs they start.
///
/// Tests often start a child with exactly the environment it should see (credentials, a
/// PATH). Under `scripts/sanitize.sh` the instrumented `headroom` child must still get the
/// run's suppressions and report files, or it reports the known third-party findings on its
/// standard error and exits non-zero, and the test fails for a reason that is not its own.
public enum SanitizerEnvironment {
    static let names = ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"]

    /// `environment` plus the sanitizer settings of this process that it does not set itself.
    public static func handedOn(to environment: [String: String]) -> [String: String] {
        var result = environment
        let own = ProcessInfo.processInfo.environment
        for name in names where result[name] == nil {
            if let value = own[name] { result[name] = value }
        }
        return result
    }
}
