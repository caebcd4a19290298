import AWSClient
import Foundation
import Logging

/// Decision state (``TargetRecord``s) in the lease table, one item per target:
/// `{LeaseName: "state#<target>", State: <JSON of the record>}`. A replica that takes the
/// lease over reads the stabilization windows and cooldowns the last leader wrote, so a
/// failover never scales in early.
///
/// ``save(_:)`` writes only records that changed since the last load or save, and deletes the
/// items of targets no longer among the records. ``load()`` skips an item it cannot decode
/// (logging it) rather than losing every other target's state.
public actor DynamoDBStateStore: DecisionStateStore {
    /// Prefix of the state items' keys, apart from the lease items.
    public static let keyPrefix = "state#"
    /// The attribute holding the record's JSON.
    public static let stateAttribute = "State"

    public nonisolated let client: DynamoDBClient
    public nonisolated let table: String
    private let logger: Logger
    /// The JSON last written or read per target key, to write only what changed.
    private var stored: [String: String] = [:]

    public init(client: DynamoDBClient, table: String, logger: Logger = Logger(label: "headroom.state")) {
        self.client = client
        self.table = table
        self.logger = logger
    }

    public func load() async throws -> [String: TargetRecord] {
        let key = DynamoDBLeaseStore.keyAttribute
        let items = try await client.scan(
            table: table, filter: "begins_with(#key, :prefix)",
            attributes: .init(names: ["#key": key], values: [":prefix": .string(Self.keyPrefix)]))
        var records: [String: TargetRecord] = [:]
        var loaded: [String: String] = [:]
        for item in items {
            guard let itemKey = item[key]?.stringValue, itemKey.hasPrefix(Self.keyPrefix) else { continue }
            let target = String(itemKey.dropFirst(Self.keyPrefix.count))
            guard let json = item[Self.stateAttribute]?.stringValue,
                let record = try? Self.decoder.decode(TargetRecord.self, from: Data(json.utf8))
            else {
                logger.error("skipping unreadable decision state", metadata: ["table": "\(table)", "target": "\(target)"])
                continue
            }
            records[target] = record
            loaded[target] = json
        }
        stored = loaded
        return records
    }

    public func save(_ records: [String: TargetRecord]) async throws {
        let key = DynamoDBLeaseStore.keyAttribute
        for target in records.keys.sorted() {
            guard let record = records[target] else { continue }
            let json = String(decoding: try Self.encoder.encode(record), as: UTF8.self)
            guard stored[target] != json else { continue }
            try await client.putItem(
                table: table, item: [key: .string(Self.keyPrefix + target), Self.stateAttribute: .string(json)])
            stored[target] = json
        }
        for target in stored.keys.sorted() where records[target] == nil {
            try await client.deleteItem(table: table, key: [key: .string(Self.keyPrefix + target)])
            stored[target] = nil
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
