import AWSClient
import Foundation

/// The lease table cannot hold Headroom's lease: it does not exist, or its key is not the
/// string hash key `LeaseName`. The message says how to create a table that works.
///
/// This is a fault, never a lost election: a replica that sees it is neither leader nor a
/// healthy standby, and says so (`run --once` exits non-zero; the daemon keeps trying and
/// reports it on `/readyz` and in `headroom_lease_error`).
public struct LeaseTableError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case missing
        case wrongKey(found: String?)
        case notActive(status: String?)
    }

    private let code: Code
    /// The table named in the configuration.
    public let table: String

    private init(_ code: Code, table: String) {
        self.code = code
        self.table = table
    }

    static func missing(_ table: String) -> Self { Self(.missing, table: table) }
    static func wrongKey(_ table: String, found: String?) -> Self { Self(.wrongKey(found: found), table: table) }
    static func notActive(_ table: String, status: String?) -> Self { Self(.notActive(status: status), table: table) }

    /// Whether the table exists but has another key.
    public var isWrongKey: Bool {
        if case .wrongKey = code { return true }
        return false
    }

    /// How to create a lease table called `table`: Headroom's command, and the aws CLI's.
    public static func howToCreate(_ table: String) -> String {
        let key = DynamoDBLeaseStore.keyAttribute
        return "`headroom lease create-table \(table)` "
            + "(or: aws dynamodb create-table --table-name \(table) --attribute-definitions AttributeName=\(key),AttributeType=S "
            + "--key-schema AttributeName=\(key),KeyType=HASH --billing-mode PAY_PER_REQUEST)"
    }

    public var description: String {
        let key = DynamoDBLeaseStore.keyAttribute
        let howTo = "create one with " + Self.howToCreate(table)
        switch code {
        case .missing:
            return "lease table \(table) does not exist; \(howTo)"
        case .wrongKey(let found):
            let has = found.map { "its hash key is \($0)" } ?? "its key is not a single string hash key"
            return "lease table \(table) cannot hold the lease: \(has), Headroom needs a string hash key named \(key); \(howTo)"
        case .notActive(let status):
            return "lease table \(table) was created but is still \(status ?? "not described"); wait and run the command again"
        }
    }
}
