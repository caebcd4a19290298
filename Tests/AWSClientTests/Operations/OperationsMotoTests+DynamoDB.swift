import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

extension OperationsMotoTests {
    @Test("CreateTable, DescribeTable; an unknown table describes as nil")
    func createAndDescribeTable() async throws {
        let dynamo = DynamoDBClient(client: try await administrator().client(.dynamoDB))
        let created = try await dynamo.createTable(.init(name: "tables-test", hashKey: "Id"))
        #expect(created.tableName == "tables-test")
        #expect(created.hashKey == "Id")
        #expect(try await dynamo.describeTable("tables-test")?.hashKey == "Id")
        #expect(try await dynamo.describeTable("no-such-table") == nil)
    }

    @Test("conditional PutItem: the first writer wins, the second gets ConditionalCheckFailedError")
    func conditionalPut() async throws {
        let dynamo = DynamoDBClient(client: try await administrator().client(.dynamoDB))
        try await dynamo.createTable(.init(name: "put-test", hashKey: "Id"))
        let condition = "attribute_not_exists(#id)"
        let names = DynamoDB.ExpressionAttributes(names: ["#id": "Id"])
        try await dynamo.putItem(table: "put-test", item: ["Id": .string("a"), "Owner": .string("one")], condition: condition, attributes: names)
        let refused = await #expect(throws: ConditionalCheckFailedError.self) {
            try await dynamo.putItem(table: "put-test", item: ["Id": .string("a"), "Owner": .string("two")], condition: condition, attributes: names)
        }
        #expect(refused?.table == "put-test" && refused?.operation == "PutItem")
        #expect(try await dynamo.getItem(table: "put-test", key: ["Id": .string("a")])?["Owner"] == .string("one"))
    }

    @Test("UpdateItem with expression names and values; GetItem; conditional DeleteItem; Scan with a filter")
    func updateGetDeleteScan() async throws {
        let dynamo = DynamoDBClient(client: try await administrator().client(.dynamoDB))
        try await dynamo.createTable(.init(name: "update-test", hashKey: "Id"))
        let item = try await dynamo.updateItem(
            table: "update-test", key: ["Id": .string("counter")], update: "SET #count = :one, #tags = :tags",
            attributes: .init(names: ["#count": "Count", "#tags": "Tags"], values: [":one": .integer(1), ":tags": .stringSet(["x", "y"])]))
        #expect(item["Count"]?.int64Value == 1)
        let bumped = try await dynamo.updateItem(
            table: "update-test", key: ["Id": .string("counter")], update: "SET #count = #count + :one",
            condition: "#count < :limit",
            attributes: .init(names: ["#count": "Count"], values: [":one": .integer(1), ":limit": .integer(5)]))
        #expect(bumped["Count"]?.int64Value == 2)
        await #expect(throws: ConditionalCheckFailedError.self) {
            try await dynamo.updateItem(
                table: "update-test", key: ["Id": .string("counter")], update: "SET #count = :one", condition: "#count > :limit",
                attributes: .init(names: ["#count": "Count"], values: [":one": .integer(1), ":limit": .integer(5)]))
        }
        let stored = try #require(try await dynamo.getItem(table: "update-test", key: ["Id": .string("counter")]))
        #expect(stored["Tags"] == .stringSet(["x", "y"]) || stored["Tags"] == .stringSet(["y", "x"]))

        try await dynamo.putItem(table: "update-test", item: ["Id": .string("state#a"), "V": .bool(true), "Blob": .binary(Data([0, 1, 2]))])
        try await dynamo.putItem(table: "update-test", item: ["Id": .string("state#b"), "V": .null, "L": .list([.string("s"), .integer(3)])])
        let states = try await dynamo.scan(
            table: "update-test", filter: "begins_with(#id, :prefix)",
            attributes: .init(names: ["#id": "Id"], values: [":prefix": .string("state#")]))
        #expect(Set(states.compactMap { $0["Id"]?.stringValue }) == ["state#a", "state#b"])
        #expect(states.first { $0["Id"] == .string("state#a") }?["Blob"] == .binary(Data([0, 1, 2])))
        #expect(states.first { $0["Id"] == .string("state#b") }?["L"] == .list([.string("s"), .number("3")]))

        await #expect(throws: ConditionalCheckFailedError.self) {
            try await dynamo.deleteItem(
                table: "update-test", key: ["Id": .string("counter")], condition: "#count = :zero",
                attributes: .init(names: ["#count": "Count"], values: [":zero": .integer(0)]))
        }
        try await dynamo.deleteItem(
            table: "update-test", key: ["Id": .string("counter")], condition: "#count = :two",
            attributes: .init(names: ["#count": "Count"], values: [":two": .integer(2)]))
        #expect(try await dynamo.getItem(table: "update-test", key: ["Id": .string("counter")]) == nil)
    }
}
