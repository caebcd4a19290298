import Foundation

/// The shapes of the Amazon DynamoDB operations Headroom calls (JSON 1.0). ``DynamoDBClient``
/// sends them.
public enum DynamoDB {
    /// An item, or a key: attribute name to value.
    public typealias Item = [String: AttributeValue]

    /// A DynamoDB attribute value in its typed wire form, e.g. `{"S": "text"}`, `{"N": "42"}`.
    public indirect enum AttributeValue: Sendable, Hashable, Codable {
        case string(String)
        /// A number, kept as the decimal text DynamoDB sends so no precision is lost.
        case number(String)
        case binary(Data)
        case bool(Bool)
        case null
        case list([AttributeValue])
        case map([String: AttributeValue])
        case stringSet([String])
        case numberSet([String])
        case binarySet([Data])

        /// A number from an integer.
        public static func integer<Value: BinaryInteger>(_ value: Value) -> AttributeValue {
            .number(String(value))
        }

        /// The text of an `S` value.
        public var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }

        /// The value of an `N` value that is an integer in the 64-bit range.
        public var int64Value: Int64? {
            if case .number(let text) = self { return Int64(text) }
            return nil
        }

        private enum Tag: String, CodingKey {
            case string = "S"
            case number = "N"
            case binary = "B"
            case bool = "BOOL"
            case null = "NULL"
            case list = "L"
            case map = "M"
            case stringSet = "SS"
            case numberSet = "NS"
            case binarySet = "BS"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Tag.self)
            guard container.allKeys.count == 1, let tag = container.allKeys.first else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "an attribute value has exactly one of S, N, B, BOOL, NULL, L, M, SS, NS, BS"))
            }
            switch tag {
            case .string: self = .string(try container.decode(String.self, forKey: tag))
            case .number: self = .number(try container.decode(String.self, forKey: tag))
            case .binary: self = .binary(try container.decode(Data.self, forKey: tag))
            case .bool: self = .bool(try container.decode(Bool.self, forKey: tag))
            case .null: self = .null
            case .list: self = .list(try container.decode([AttributeValue].self, forKey: tag))
            case .map: self = .map(try container.decode([String: AttributeValue].self, forKey: tag))
            case .stringSet: self = .stringSet(try container.decode([String].self, forKey: tag))
            case .numberSet: self = .numberSet(try container.decode([String].self, forKey: tag))
            case .binarySet: self = .binarySet(try container.decode([Data].self, forKey: tag))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Tag.self)
            switch self {
            case .string(let value): try container.encode(value, forKey: .string)
            case .number(let value): try container.encode(value, forKey: .number)
            case .binary(let value): try container.encode(value, forKey: .binary)
            case .bool(let value): try container.encode(value, forKey: .bool)
            case .null: try container.encode(true, forKey: .null)
            case .list(let value): try container.encode(value, forKey: .list)
            case .map(let value): try container.encode(value, forKey: .map)
            case .stringSet(let value): try container.encode(value, forKey: .stringSet)
            case .numberSet(let value): try container.encode(value, forKey: .numberSet)
            case .binarySet(let value): try container.encode(value, forKey: .binarySet)
            }
        }
    }

    /// The type of a key attribute.
    public enum KeyType: String, Sendable, Hashable, Codable {
        case string = "S"
        case number = "N"
        case binary = "B"
    }

    /// A condition or update expression with its placeholders: `#name` → attribute name,
    /// `:value` → value. The placeholders of one request are shared by all its expressions.
    public struct ExpressionAttributes: Sendable, Hashable {
        public var names: [String: String]
        public var values: Item

        public init(names: [String: String] = [:], values: Item = [:]) {
            self.names = names
            self.values = values
        }
    }

    /// The input of `CreateTable`: a table with a hash key (and optionally a range key),
    /// billed per request.
    public struct TableDefinition: Sendable, Hashable {
        public var name: String
        public var hashKey: String
        public var hashKeyType: KeyType
        public var rangeKey: String?
        public var rangeKeyType: KeyType?

        public init(name: String, hashKey: String, hashKeyType: KeyType = .string, rangeKey: String? = nil, rangeKeyType: KeyType? = nil) {
            self.name = name
            self.hashKey = hashKey
            self.hashKeyType = hashKeyType
            self.rangeKey = rangeKey
            self.rangeKeyType = rangeKeyType
        }
    }

    /// What `DescribeTable` and `CreateTable` say about a table.
    public struct TableDescription: Sendable, Hashable, Decodable {
        public var tableName: String
        /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
        public var tableStatus: String?
        public var tableARN: String?
        public var keySchema: [KeySchemaElement]

        /// The name of the hash (partition) key attribute.
        public var hashKey: String? { keySchema.first { $0.keyType == "HASH" }?.attributeName }

        enum CodingKeys: String, CodingKey {
            case tableName = "TableName"
            case tableStatus = "TableStatus"
            case tableARN = "TableArn"
            case keySchema = "KeySchema"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            tableName = try container.decode(String.self, forKey: .tableName)
            tableStatus = try container.decodeIfPresent(String.self, forKey: .tableStatus)
            tableARN = try container.decodeIfPresent(String.self, forKey: .tableARN)
            keySchema = try container.decodeIfPresent([KeySchemaElement].self, forKey: .keySchema) ?? []
        }
    }

    /// One key attribute of a table: its name and `HASH` or `RANGE`.
    public struct KeySchemaElement: Sendable, Hashable, Codable {
        public var attributeName: String
        public var keyType: String

        public init(attributeName: String, keyType: String) {
            self.attributeName = attributeName
            self.keyType = keyType
        }

        enum CodingKeys: String, CodingKey {
            case attributeName = "AttributeName"
            case keyType = "KeyType"
        }
    }
}

/// A DynamoDB write or read was refused because its `ConditionExpression` did not hold
/// (`ConditionalCheckFailedException`): an expected outcome of optimistic writes, not a fault.
public struct ConditionalCheckFailedError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The table written to.
    public let table: String
    /// The operation, e.g. `PutItem`.
    public let operation: String
    /// DynamoDB's message.
    public let message: String
    /// The AWS request ID, when there was one.
    public let requestID: String?

    /// Creates the error.
    public init(table: String, operation: String, message: String, requestID: String?) {
        self.table = table
        self.operation = operation
        self.message = message
        self.requestID = requestID
    }

    public var description: String {
        var text = "DynamoDB \(operation) on table \(table): the condition did not hold"
        if !message.isEmpty { text += " (\(message))" }
        return text
    }
}
