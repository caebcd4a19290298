import Foundation

/// The request and response bodies of the DynamoDB operations, as they travel. Empty
/// placeholder maps are left out: DynamoDB rejects an empty `ExpressionAttributeValues`.
extension DynamoDB {
    struct WriteInput: Encodable, Sendable {
        var tableName: String
        var item: Item?
        var key: Item?
        var updateExpression: String?
        var conditionExpression: String?
        var attributes: ExpressionAttributes
        var returnValues: String?

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
            case item = "Item"
            case key = "Key"
            case updateExpression = "UpdateExpression"
            case conditionExpression = "ConditionExpression"
            case names = "ExpressionAttributeNames"
            case values = "ExpressionAttributeValues"
            case returnValues = "ReturnValues"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tableName, forKey: .tableName)
            try container.encodeIfPresent(item, forKey: .item)
            try container.encodeIfPresent(key, forKey: .key)
            try container.encodeIfPresent(updateExpression, forKey: .updateExpression)
            try container.encodeIfPresent(conditionExpression, forKey: .conditionExpression)
            if !attributes.names.isEmpty { try container.encode(attributes.names, forKey: .names) }
            if !attributes.values.isEmpty { try container.encode(attributes.values, forKey: .values) }
            try container.encodeIfPresent(returnValues, forKey: .returnValues)
        }
    }

    struct AttributesOutput: Decodable {
        var attributes: Item?

        enum CodingKeys: String, CodingKey {
            case attributes = "Attributes"
        }
    }

    struct GetItemInput: Encodable, Sendable {
        var tableName: String
        var key: Item
        var consistentRead: Bool

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
            case key = "Key"
            case consistentRead = "ConsistentRead"
        }
    }

    struct GetItemOutput: Decodable {
        var item: Item?

        enum CodingKeys: String, CodingKey {
            case item = "Item"
        }
    }

    struct ScanInput: Encodable, Sendable {
        var tableName: String
        var filterExpression: String?
        var attributes: ExpressionAttributes
        var exclusiveStartKey: Item?
        var consistentRead: Bool

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
            case filterExpression = "FilterExpression"
            case names = "ExpressionAttributeNames"
            case values = "ExpressionAttributeValues"
            case exclusiveStartKey = "ExclusiveStartKey"
            case consistentRead = "ConsistentRead"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tableName, forKey: .tableName)
            try container.encodeIfPresent(filterExpression, forKey: .filterExpression)
            if !attributes.names.isEmpty { try container.encode(attributes.names, forKey: .names) }
            if !attributes.values.isEmpty { try container.encode(attributes.values, forKey: .values) }
            try container.encodeIfPresent(exclusiveStartKey, forKey: .exclusiveStartKey)
            try container.encode(consistentRead, forKey: .consistentRead)
        }
    }

    struct ScanOutput: Decodable {
        var items: [Item]?
        var lastEvaluatedKey: Item?

        enum CodingKeys: String, CodingKey {
            case items = "Items"
            case lastEvaluatedKey = "LastEvaluatedKey"
        }
    }

    struct CreateTableInput: Encodable, Sendable {
        struct AttributeDefinition: Encodable, Sendable {
            var attributeName: String
            var attributeType: KeyType

            enum CodingKeys: String, CodingKey {
                case attributeName = "AttributeName"
                case attributeType = "AttributeType"
            }
        }

        var tableName: String
        var keySchema: [KeySchemaElement]
        var attributeDefinitions: [AttributeDefinition]
        var billingMode = "PAY_PER_REQUEST"

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
            case keySchema = "KeySchema"
            case attributeDefinitions = "AttributeDefinitions"
            case billingMode = "BillingMode"
        }

        init(_ definition: TableDefinition) {
            tableName = definition.name
            keySchema = [KeySchemaElement(attributeName: definition.hashKey, keyType: "HASH")]
            attributeDefinitions = [AttributeDefinition(attributeName: definition.hashKey, attributeType: definition.hashKeyType)]
            if let range = definition.rangeKey {
                keySchema.append(KeySchemaElement(attributeName: range, keyType: "RANGE"))
                attributeDefinitions.append(AttributeDefinition(attributeName: range, attributeType: definition.rangeKeyType ?? .string))
            }
        }
    }

    struct TableNameInput: Encodable, Sendable {
        var tableName: String

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
        }
    }

    struct TableDescriptionOutput: Decodable {
        var table: TableDescription?
        var tableDescription: TableDescription?

        enum CodingKeys: String, CodingKey {
            case table = "Table"
            case tableDescription = "TableDescription"
        }
    }
}
