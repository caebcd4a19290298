import CapacityCore
import Foundation

/// The answer to "why did it scale?": one JSON line per actuation and per held-back decision.
public actor DecisionJournal {
    /// One line of the journal.
    public struct Entry: Sendable, Codable, Hashable {
        public var time: String
        public var target: String
        public var policy: String
        /// `scale-out`, `scale-in`, `held`, `bounds`, `warm-pool`, `failed`, or `adopt` and `release`
        /// (Headroom suspended or resumed AWS's own scaling on the target).
        public var action: String
        public var before: Int
        public var after: Int
        public var recommendation: Int?
        public var min: Int
        public var max: Int
        public var dryRun: Bool
        public var reasons: [Reason]
        public var error: String?
        /// The target's region, when known.
        public var region: String?
        /// The target's AWS account, when known.
        public var account: String?

        public struct Reason: Sendable, Codable, Hashable {
            public var code: String
            public var message: String
        }
    }

    private let url: URL?
    private var handle: FileHandle?
    private var buffered: [Entry] = []

    /// A journal appending to `url`, created if missing; `nil` keeps entries in memory only.
    public init(url: URL?) {
        self.url = url
    }

    /// The newest entries kept in memory: a daemon over 1,000 targets journals ~100 a tick,
    /// and the file (when there is one) keeps them all.
    public static let maxBufferedEntries = 1_000

    /// The newest ``maxBufferedEntries`` entries written by this process (the newest last),
    /// for tests and `plan`.
    public var entries: [Entry] { buffered }

    public func append(_ entry: Entry) throws {
        buffered.append(entry)
        if buffered.count > Self.maxBufferedEntries { buffered.removeFirst(buffered.count - Self.maxBufferedEntries) }
        guard let url else { return }
        if handle == nil {
            if !FileManager.default.fileExists(atPath: url.path) {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            handle = try FileHandle(forWritingTo: url)
            try handle?.seekToEnd()
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        try handle?.write(contentsOf: line)
    }

    public func close() throws {
        try handle?.close()
        handle = nil
    }
}

extension DecisionJournal.Entry {
    init(decision: Decision, target: TargetReference, policy: String, action: String, dryRun: Bool, error: String? = nil) {
        self.init(
            time: decision.time.formatted(.iso8601),
            target: target.description,
            policy: policy,
            action: action,
            before: decision.current,
            after: decision.desired,
            recommendation: decision.recommendation,
            min: decision.bounds.min,
            max: decision.bounds.max,
            dryRun: dryRun,
            reasons: decision.reasons.map { Reason(code: $0.code, message: $0.description) },
            error: error)
    }
}
