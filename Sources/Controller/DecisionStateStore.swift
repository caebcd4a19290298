import Foundation

/// Where the controller keeps ``TargetRecord``s so a restart never forgets a stabilization
/// window or cooldown (and so never scales in early).
public protocol DecisionStateStore: Sendable {
    func load() async throws -> [String: TargetRecord]
    func save(_ records: [String: TargetRecord]) async throws
}

/// A JSON file, replaced atomically on each save so a crash never leaves half a file.
public struct FileStateStore: DecisionStateStore {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public func load() async throws -> [String: TargetRecord] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let data = try Data(contentsOf: url)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(StateFile.self, from: data).targets
    }

    public func save(_ records: [String: TargetRecord]) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(StateFile(version: 1, targets: records))
        try data.write(to: url, options: .atomic)
    }

    private struct StateFile: Codable {
        var version: Int
        var targets: [String: TargetRecord]
    }
}

/// Keeps records in memory only: for `plan`, dry runs and tests.
public actor InMemoryStateStore: DecisionStateStore {
    private var records: [String: TargetRecord]

    public init(_ records: [String: TargetRecord] = [:]) {
        self.records = records
    }

    public func load() async throws -> [String: TargetRecord] { records }
    public func save(_ records: [String: TargetRecord]) async throws { self.records = records }
}
