import AWSClient
import CapacityCore
import Controller
import Foundation
import HeadroomTestSupport
import Testing

extension AWSBackendTests {
    func dynamo(counter: AWSCallCounter? = nil) async throws -> DynamoDBClient {
        let identity = try await administrator()
        let transport: any HTTPTransport = counter.map { CountingTransport(MotoAccount.transport, counter: $0) } ?? MotoAccount.transport
        return DynamoDBClient(client: identity.client(.dynamoDB, transport: transport))
    }

    @Test("lease: of two holders on one table only one acquires; the holder renews; after expiry the other takes over")
    func leaseTakeover() async throws {
        let client = try await dynamo()
        try await client.createTable(DynamoDBLeaseStore.tableDefinition(named: "lease-takeover"))
        let a = DynamoDBLeaseStore(client: client, table: "lease-takeover", leaseName: "production")
        let b = DynamoDBLeaseStore(client: client, table: "lease-takeover", leaseName: "production")
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)

        #expect(try await a.acquire(holder: "a", now: t0, expiresAt: t0 + 30))
        #expect(try await !b.acquire(holder: "b", now: t0 + 1, expiresAt: t0 + 31))
        #expect(try await a.acquire(holder: "a", now: t0 + 10, expiresAt: t0 + 40), "the holder renews")
        #expect(try await !b.acquire(holder: "b", now: t0 + 39, expiresAt: t0 + 69), "not expired yet")
        #expect(try await b.acquire(holder: "b", now: t0 + 41, expiresAt: t0 + 71), "expired: taken over")
        #expect(try await !a.acquire(holder: "a", now: t0 + 42, expiresAt: t0 + 72))
        let current = try #require(try await a.current())
        #expect(current.holder == "b" && current.expiresAt == t0 + 71)

        // The stored item is the documented one: LeaseName, Holder, ExpiresAt in epoch ms.
        let item = try #require(try await client.getItem(table: "lease-takeover", key: ["LeaseName": .string("production")]))
        #expect(item == ["LeaseName": .string("production"), "Holder": .string("b"), "ExpiresAt": .number("1780000071000")])

        // A lease of another name in the same table is independent.
        let other = DynamoDBLeaseStore(client: client, table: "lease-takeover", leaseName: "staging")
        #expect(try await other.acquire(holder: "a", now: t0 + 42, expiresAt: t0 + 72))
    }

    @Test("lease: release frees it only for its holder; a stranger's release changes nothing")
    func leaseRelease() async throws {
        let client = try await dynamo()
        try await client.createTable(DynamoDBLeaseStore.tableDefinition(named: "lease-release"))
        let store = DynamoDBLeaseStore(client: client, table: "lease-release", leaseName: "l")
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(try await store.acquire(holder: "a", now: t0, expiresAt: t0 + 30))
        try await store.release(holder: "b")
        #expect(try await store.current()?.holder == "a")
        #expect(try await !store.acquire(holder: "b", now: t0 + 1, expiresAt: t0 + 31))
        try await store.release(holder: "a")
        #expect(try await store.current() == nil)
        #expect(try await store.acquire(holder: "b", now: t0 + 2, expiresAt: t0 + 32), "free at once, without waiting for expiry")
        try await store.release(holder: "nobody")
        #expect(try await store.current()?.holder == "b")
    }

    @Test("lease: a missing table is an error saying how to create it, not a lost election")
    func leaseMissingTable() async throws {
        let store = DynamoDBLeaseStore(client: try await dynamo(), table: "no-such-lease-table", leaseName: "l")
        let error = await #expect(throws: LeaseTableError.self) {
            _ = try await store.acquire(holder: "a", now: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 30))
        }
        #expect(error?.isWrongKey == false)
        #expect(error?.description.contains("lease table no-such-lease-table does not exist") == true)
        #expect(error?.description.contains("headroom lease create-table no-such-lease-table") == true)
    }

    @Test("leader election: two replicas on one DynamoDB lease, exactly one leads; after release the other does")
    func leaderElection() async throws {
        let client = try await dynamo()
        try await client.createTable(DynamoDBLeaseStore.tableDefinition(named: "lease-election"))
        let store = DynamoDBLeaseStore(client: client, table: "lease-election", leaseName: "controller")
        let first = LeaderElection(configuration: .init(holder: "replica-1", leaseDuration: .seconds(30)), store: store)
        let second = LeaderElection(configuration: .init(holder: "replica-2", leaseDuration: .seconds(30)), store: store)
        #expect(await first.tryAcquire())
        #expect(await !second.tryAcquire())
        #expect(await first.isLeader())
        #expect(await !second.isLeader())
        await first.release()
        #expect(await second.tryAcquire())
        #expect(await !first.tryAcquire())
    }

    @Test("state store: records survive a new store; only changed records are written; removed ones are deleted; the lease is untouched")
    func stateStore() async throws {
        let counter = AWSCallCounter()
        let client = try await dynamo(counter: counter)
        try await client.createTable(DynamoDBLeaseStore.tableDefinition(named: "state-test"))
        let lease = DynamoDBLeaseStore(client: client, table: "state-test", leaseName: "controller")
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        #expect(try await lease.acquire(holder: "a", now: t0, expiresAt: t0 + 30))

        var api = TargetRecord()
        api.memory.lastScaleOut = t0
        api.memory.consecutiveFailures = 2
        var gpu = TargetRecord()
        gpu.memory.lastScaleIn = t0 - 600
        let records = ["ecs:prod/api": api, "asg:gpu": gpu]

        let writer = DynamoDBStateStore(client: client, table: "state-test")
        counter.reset()
        try await writer.save(records)
        #expect(counter.count(of: "PutItem") == 2)
        try await writer.save(records)
        #expect(counter.count(of: "PutItem") == 2, "nothing changed, nothing written")

        let reader = DynamoDBStateStore(client: client, table: "state-test")
        #expect(try await reader.load() == records)

        var changed = records
        changed["ecs:prod/api"]?.memory.consecutiveFailures = 0
        changed["asg:gpu"] = nil
        counter.reset()
        try await reader.save(changed)
        #expect(counter.count(of: "PutItem") == 1 && counter.count(of: "DeleteItem") == 1)
        #expect(try await DynamoDBStateStore(client: client, table: "state-test").load() == changed)
        #expect(try await lease.current()?.holder == "a")
    }

    @Test("state store: an unreadable item is skipped, the others load")
    func stateStoreSkipsBadItems() async throws {
        let client = try await dynamo()
        try await client.createTable(DynamoDBLeaseStore.tableDefinition(named: "state-bad"))
        try await client.putItem(table: "state-bad", item: ["LeaseName": .string("state#ecs:prod/bad"), "State": .string("{not json")])
        let store = DynamoDBStateStore(client: client, table: "state-bad")
        try await store.save(["ecs:prod/good": TargetRecord()])
        #expect(try await DynamoDBStateStore(client: client, table: "state-bad").load() == ["ecs:prod/good": TargetRecord()])
    }
}
