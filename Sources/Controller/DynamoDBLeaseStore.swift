import AWSClient
import Foundation

/// The leader lease as one DynamoDB item, `{LeaseName (S, hash key), Holder (S), ExpiresAt (N,
/// epoch milliseconds)}`, taken and released with conditional writes so two replicas can never
/// both believe they hold it.
///
/// - ``acquire(holder:now:expiresAt:)`` is a `PutItem` on condition
///   `attribute_not_exists(LeaseName) OR ExpiresAt < :now OR Holder = :me`: the lease is free,
///   expired, or already ours (a renewal). A failed condition is `false`, not an error.
/// - ``release(holder:)`` is a `DeleteItem` on condition `Holder = :me`; when someone else
///   holds it (ours had expired and was taken) nothing happens.
/// - A table that does not exist or has another key is a ``LeaseTableError`` naming
///   `LeaseName` and how to create the table, not DynamoDB's raw `ValidationException`.
///
/// Expiry compares the writer's clock with the expiry another replica's clock wrote, so the
/// replicas' clocks must agree to well within the lease duration (NTP does); the holder's
/// own safety margin (``LeaderElection``) runs on its monotonic clock.
public struct DynamoDBLeaseStore: LeaseStore {
    /// The key attribute, the holder and the expiry, as the table stores them.
    public static let keyAttribute = "LeaseName"
    public static let holderAttribute = "Holder"
    public static let expiresAtAttribute = "ExpiresAt"

    public let client: DynamoDBClient
    public let table: String
    public let leaseName: String

    /// A lease called `leaseName` in `table` (hash key `LeaseName`, a string).
    public init(client: DynamoDBClient, table: String, leaseName: String) {
        self.client = client
        self.table = table
        self.leaseName = leaseName
    }

    /// The table definition the lease needs: hash key `LeaseName` of type string.
    public static func tableDefinition(named table: String) -> DynamoDB.TableDefinition {
        DynamoDB.TableDefinition(name: table, hashKey: keyAttribute, hashKeyType: .string)
    }

    public func acquire(holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        let item: DynamoDB.Item = [
            Self.keyAttribute: .string(leaseName),
            Self.holderAttribute: .string(holder),
            Self.expiresAtAttribute: .integer(Self.milliseconds(expiresAt)),
        ]
        do {
            try await explainingTableErrors {
                try await client.putItem(
                table: table, item: item,
                condition: "attribute_not_exists(#key) OR #expires < :now OR #holder = :me",
                attributes: .init(
                    names: ["#key": Self.keyAttribute, "#expires": Self.expiresAtAttribute, "#holder": Self.holderAttribute],
                    values: [":now": .integer(Self.milliseconds(now)), ":me": .string(holder)]))
            }
            return true
        } catch is ConditionalCheckFailedError {
            return false
        }
    }

    public func release(holder: String) async throws {
        do {
            try await explainingTableErrors {
                try await client.deleteItem(
                    table: table, key: [Self.keyAttribute: .string(leaseName)],
                    condition: "#holder = :me",
                    attributes: .init(names: ["#holder": Self.holderAttribute], values: [":me": .string(holder)]))
            }
        } catch is ConditionalCheckFailedError {
            // Someone else holds it now (or nobody does): nothing of ours to give up.
        }
    }

    /// Who holds the lease and until when, as the table says now (a consistent read); `nil`
    /// when nobody has taken it or it was released. For `headroom doctor` and tests.
    public func current() async throws -> (holder: String, expiresAt: Date)? {
        guard let item = try await explainingTableErrors({ try await client.getItem(table: table, key: [Self.keyAttribute: .string(leaseName)]) }),
            let holder = item[Self.holderAttribute]?.stringValue,
            let milliseconds = item[Self.expiresAtAttribute]?.int64Value
        else { return nil }
        return (holder, Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    /// Epoch milliseconds, rounded down.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
