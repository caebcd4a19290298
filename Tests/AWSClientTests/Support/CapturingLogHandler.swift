import HeadroomTestSupport
import Foundation
import Logging

/// A swift-log handler that renders every record, metadata included, into a shared list
/// so tests can search everything that was logged.
struct CapturingLogHandler: LogHandler {
    final class Store: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []

        func append(_ line: String) {
            lock.withLock { lines.append(line) }
        }

        var all: [String] { lock.withLock { lines } }

        /// A logger at trace level writing here.
        func logger(label: String = "test") -> Logger {
            var logger = Logger(label: label) { _ in CapturingLogHandler(store: self) }
            logger.logLevel = .trace
            return logger
        }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let error = event.error.map { " error=\($0)" } ?? ""
        store.append("\(event.level) \(event.message) \(rendered)\(error) \(event.source)")
    }
}
