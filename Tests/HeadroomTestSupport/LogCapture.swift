import Foundation
import Logging
import Synchronization

/// Collects every log record of the loggers it makes as one line of text — level, message,
/// metadata, error, label and source — so tests can search everything that was logged
/// (for a secret, a skipped target, a retry).
public final class LogCapture: Sendable {
    private let stored = Mutex<[String]>([])

    public init() {}

    /// Every line so far, oldest first: `LEVEL MESSAGE key=value… [error=…] [LABEL SOURCE]`.
    public var lines: [String] { stored.withLock { $0 } }

    /// A logger at `level` that writes here.
    public func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { label in Handler(label: label, capture: self) }
        logger.logLevel = level
        return logger
    }

    fileprivate func append(_ line: String) { stored.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let label: String
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let error = event.error.map { " error=\($0)" } ?? ""
            capture.append("\(event.level) \(event.message) \(fields)\(error) [\(label) \(event.source)]")
        }
    }
}
