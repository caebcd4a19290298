import HeadroomTestSupport
import AWSClient
import Foundation

/// Records the waits a retry strategy asks for and returns at once, so retry tests are fast.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var sleeps: [Duration] { lock.withLock { recorded } }

    /// A standard-mode strategy with a fixed random draw and recorded sleeps.
    func strategy(maxAttempts: Int = 3, random: Double = 0.5, quota: RetryQuota.Configuration = .init()) -> RetryStrategy {
        RetryStrategy(
            maxAttempts: maxAttempts,
            quota: quota,
            random: { random },
            sleep: { duration in self.lock.withLock { self.recorded.append(duration) } }
        )
    }
}
