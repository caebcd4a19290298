import AWSClient
import Controller
import Foundation
import HeadroomTestSupport
import Testing

extension AWSBackendTests {
    @Test("lease table: a table keyed on another attribute is an error naming LeaseName, not DynamoDB's raw ValidationException")
    func leaseWrongKeyTable() async throws {
        let client = try await dynamo()
        try await client.createTable(.init(name: "lease-wrong-key", hashKey: "id"))
        let store = DynamoDBLeaseStore(client: client, table: "lease-wrong-key", leaseName: "l")
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        for attempt in ["acquire", "release", "current"] {
            let error = await #expect(throws: LeaseTableError.self, "\(attempt)") {
                switch attempt {
                case "acquire": _ = try await store.acquire(holder: "a", now: t0, expiresAt: t0 + 30)
                case "release": try await store.release(holder: "a")
                default: _ = try await store.current()
                }
            }
            let text = error.map(String.init(describing:)) ?? ""
            #expect(error?.isWrongKey == true)
            #expect(text.contains("its hash key is id (HASH)"), "\(text)")
            #expect(text.contains("string hash key named LeaseName"), "\(text)")
            #expect(text.contains("headroom lease create-table lease-wrong-key"), "\(text)")
            #expect(!text.contains("Missing the key"), "not DynamoDB's raw message: \(text)")
        }

        // The election reports it as a failure, never as another replica holding the lease.
        let election = LeaderElection(configuration: .init(holder: "a"), store: store)
        #expect(await !election.tryAcquire())
        let failure = try #require(await election.leaseFailure, "a lease failure, not a standby")
        #expect(failure.contains("LeaseName"))
    }

    @Test("lease table: createTable makes the key the lease needs, is safe to repeat, and refuses a wrong-key table")
    func leaseCreateTable() async throws {
        let client = try await dynamo()
        #expect(try await DynamoDBLeaseStore.problem(with: "lease-created", client: client)?.isWrongKey == false, "missing")
        #expect(try await DynamoDBLeaseStore.createTable(named: "lease-created", client: client), "created")
        let description = try #require(try await client.describeTable("lease-created"))
        #expect(description.hashKey == "LeaseName" && description.keySchema.count == 1)
        #expect(description.tableStatus == "ACTIVE")
        #expect(try await DynamoDBLeaseStore.problem(with: "lease-created", client: client) == nil)
        #expect(try await !DynamoDBLeaseStore.createTable(named: "lease-created", client: client), "already there: nothing to do")

        let election = LeaderElection(
            configuration: .init(holder: "a"), store: DynamoDBLeaseStore(client: client, table: "lease-created", leaseName: "l"))
        #expect(await election.tryAcquire(), "the new table holds a lease")
        #expect(await election.leaseFailure == nil)

        try await client.createTable(.init(name: "lease-taken-name", hashKey: "pk", rangeKey: "sk", rangeKeyType: .string))
        let error = await #expect(throws: LeaseTableError.self) {
            try await DynamoDBLeaseStore.createTable(named: "lease-taken-name", client: client)
        }
        #expect(error?.description.contains("pk (HASH) and sk (RANGE)") == true, "\(String(describing: error))")
    }
}
