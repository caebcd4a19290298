import AWSClient
import Foundation

extension DynamoDBLeaseStore {
    /// What is wrong with `table` for holding the lease, or `nil` when it has the string hash
    /// key `LeaseName` and nothing else.
    public static func problem(with table: String, client: DynamoDBClient) async throws -> LeaseTableError? {
        guard let description = try await client.describeTable(table) else { return .missing(table) }
        let keys = description.keySchema
        guard keys.count == 1, description.hashKey == keyAttribute else {
            let found = keys.map { "\($0.attributeName) (\($0.keyType))" }.joined(separator: " and ")
            return .wrongKey(table, found: found.isEmpty ? nil : found)
        }
        return nil
    }

    /// Creates `table` with the key the lease needs and waits until it is `ACTIVE`; a table
    /// that already exists with that key is left as it is.
    ///
    /// - Returns: whether the table was created (`false`: it was there already).
    /// - Throws: ``LeaseTableError`` when a table of that name exists with another key.
    @discardableResult
    public static func createTable(
        named table: String, client: DynamoDBClient, timeout: Duration = .seconds(120)
    ) async throws -> Bool {
        if let problem = try await problem(with: table, client: client) {
            guard !problem.isWrongKey else { throw problem }
            do {
                try await client.createTable(tableDefinition(named: table))
            } catch let error as AWSError where error.code == "ResourceInUseException" {
                // Another process created it meanwhile: check its key below like any other.
            }
        } else {
            return false
        }
        let deadline = ContinuousClock.now + timeout
        while true {
            let description = try await client.describeTable(table)
            if description?.tableStatus == "ACTIVE" {
                if let problem = try await problem(with: table, client: client) { throw problem }
                return true
            }
            guard ContinuousClock.now < deadline else {
                throw LeaseTableError.notActive(table, status: description?.tableStatus)
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// Runs one call on the lease item, turning DynamoDB's complaints about the table itself
    /// (missing; a key other than `LeaseName`, which DynamoDB reports as "Missing the key id in
    /// the item") into a ``LeaseTableError``.
    func explainingTableErrors<Value>(_ call: () async throws -> Value) async throws -> Value {
        do {
            return try await call()
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            throw LeaseTableError.missing(table)
        } catch let error as AWSError where error.code == "ValidationException" {
            if let problem = try? await Self.problem(with: table, client: client) { throw problem }
            throw error
        }
    }
}
