import Foundation

/// Typed Amazon DynamoDB operations over an ``AWSServiceClient`` for ``AWSService/dynamoDB``
/// (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Op>`, signing name `dynamodb`).
///
/// A write whose `ConditionExpression` does not hold throws ``ConditionalCheckFailedError``,
/// so optimistic writers can tell "someone else got there first" from a failure:
///
/// ```swift
/// do {
///     try await dynamo.putItem(table: "leases", item: item, condition: "attribute_not_exists(LeaseName)")
/// } catch is ConditionalCheckFailedError {
///     // taken
/// }
/// ```
public struct DynamoDBClient: Sendable {
    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for DynamoDB.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Creates a table billed per request (`dynamodb:CreateTable`); for tests and `headroom doctor`.
    @discardableResult
    public func createTable(_ definition: DynamoDB.TableDefinition) async throws -> DynamoDB.TableDescription {
        let check = OperationInputCheck(client.service, "CreateTable")
        try check.notEmpty(definition.name, "TableName")
        try check.notEmpty(definition.hashKey, "hash key")
        let output = try await client.json(
            "CreateTable", input: DynamoDB.CreateTableInput(definition), as: DynamoDB.TableDescriptionOutput.self
        )
        guard let description = output.tableDescription else {
            throw AWSClientError.malformedResponse(service: client.service.serviceID, operation: "CreateTable", detail: "no TableDescription")
        }
        return description
    }

    /// The table called `name` (`dynamodb:DescribeTable`), or `nil` when there is none.
    public func describeTable(_ name: String) async throws -> DynamoDB.TableDescription? {
        try OperationInputCheck(client.service, "DescribeTable").notEmpty(name, "TableName")
        do {
            let output = try await client.json(
                "DescribeTable", input: DynamoDB.TableNameInput(tableName: name), as: DynamoDB.TableDescriptionOutput.self
            )
            return output.table
        } catch let error as AWSError where error.code == "ResourceNotFoundException" {
            return nil
        }
    }

    /// Writes `item`, replacing any item with its key, if `condition` holds (`dynamodb:PutItem`).
    /// - Throws: ``ConditionalCheckFailedError`` when it does not; ``AWSError``.
    public func putItem(
        table: String, item: DynamoDB.Item, condition: String? = nil, attributes: DynamoDB.ExpressionAttributes = .init()
    ) async throws {
        try validate("PutItem", table: table, condition: condition)
        let input = DynamoDB.WriteInput(tableName: table, item: item, conditionExpression: condition, attributes: attributes)
        try await conditional("PutItem", table: table) {
            try await client.json("PutItem", input: input)
        }
    }

    /// Applies `update` (an `UpdateExpression`) to the item with `key`, creating it if needed,
    /// if `condition` holds (`dynamodb:UpdateItem`); returns the item as it is afterwards.
    /// - Throws: ``ConditionalCheckFailedError`` when the condition does not hold; ``AWSError``.
    @discardableResult
    public func updateItem(
        table: String, key: DynamoDB.Item, update: String, condition: String? = nil,
        attributes: DynamoDB.ExpressionAttributes = .init()
    ) async throws -> DynamoDB.Item {
        try validate("UpdateItem", table: table, condition: condition)
        try OperationInputCheck(client.service, "UpdateItem").notEmpty(update, "UpdateExpression")
        let input = DynamoDB.WriteInput(
            tableName: table, key: key, updateExpression: update, conditionExpression: condition, attributes: attributes,
            returnValues: "ALL_NEW"
        )
        return try await conditional("UpdateItem", table: table) {
            try await client.json("UpdateItem", input: input, as: DynamoDB.AttributesOutput.self).attributes ?? [:]
        }
    }

    /// Deletes the item with `key` if `condition` holds (`dynamodb:DeleteItem`); deleting an
    /// item that does not exist succeeds.
    /// - Throws: ``ConditionalCheckFailedError`` when the condition does not hold; ``AWSError``.
    public func deleteItem(
        table: String, key: DynamoDB.Item, condition: String? = nil, attributes: DynamoDB.ExpressionAttributes = .init()
    ) async throws {
        try validate("DeleteItem", table: table, condition: condition)
        let input = DynamoDB.WriteInput(tableName: table, key: key, conditionExpression: condition, attributes: attributes)
        try await conditional("DeleteItem", table: table) {
            try await client.json("DeleteItem", input: input)
        }
    }

    /// The item with `key`, or `nil` (`dynamodb:GetItem`); strongly consistent unless asked otherwise.
    public func getItem(table: String, key: DynamoDB.Item, consistentRead: Bool = true) async throws -> DynamoDB.Item? {
        try validate("GetItem", table: table, condition: nil)
        let input = DynamoDB.GetItemInput(tableName: table, key: key, consistentRead: consistentRead)
        return try await client.json("GetItem", input: input, as: DynamoDB.GetItemOutput.self).item
    }

    /// Every item of `table` that passes `filter`, every page (`dynamodb:Scan`).
    /// - Parameter maxPages: Reads at most this many pages; a longer chain is an error.
    public func scan(
        table: String, filter: String? = nil, attributes: DynamoDB.ExpressionAttributes = .init(), maxPages: Int = 1000
    ) async throws -> [DynamoDB.Item] {
        try validate("Scan", table: table, condition: filter)
        var items: [DynamoDB.Item] = []
        var start: DynamoDB.Item?
        for _ in 0..<maxPages {
            let input = DynamoDB.ScanInput(
                tableName: table, filterExpression: filter, attributes: attributes, exclusiveStartKey: start, consistentRead: true
            )
            let page = try await client.json("Scan", input: input, as: DynamoDB.ScanOutput.self)
            items += page.items ?? []
            guard let next = page.lastEvaluatedKey, !next.isEmpty else { return items }
            guard next != start else {
                throw AWSClientError.malformedResponse(service: client.service.serviceID, operation: "Scan", detail: "LastEvaluatedKey repeated")
            }
            start = next
        }
        throw AWSClientError.malformedResponse(
            service: client.service.serviceID, operation: "Scan", detail: "still a LastEvaluatedKey after \(maxPages) pages"
        )
    }

    private func validate(_ operation: String, table: String, condition: String?) throws {
        let check = OperationInputCheck(client.service, operation)
        try check.notEmpty(table, "TableName")
        if let condition { try check.notEmpty(condition, "ConditionExpression") }
    }

    /// Runs a conditional call, turning DynamoDB's `ConditionalCheckFailedException` into
    /// ``ConditionalCheckFailedError``.
    private func conditional<Value>(_ operation: String, table: String, _ call: () async throws -> Value) async throws -> Value {
        do {
            return try await call()
        } catch let error as AWSError where error.code == "ConditionalCheckFailedException" {
            throw ConditionalCheckFailedError(table: table, operation: operation, message: error.message, requestID: error.requestID)
        }
    }
}
