import AWSClient
import ArgumentParser
import Controller
import Foundation

/// `headroom lease`: the DynamoDB table replicas elect their leader through.
struct LeaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lease",
        abstract: "Create the DynamoDB table that replicas of `headroom run` share their lease in.",
        discussion: """
            With --lease-table, replicas of `headroom run` elect one leader through a lease \
            item in DynamoDB, and only the leader writes to AWS; the same table keeps the \
            decision history a new leader needs. The table's only key is a string hash key \
            named LeaseName.

            Examples:
              headroom lease create-table headroom-leases --region eu-west-1
              headroom run --config headroom.yaml --lease-table headroom-leases
            """,
        subcommands: [CreateTable.self]
    )
}

extension LeaseCommand {
    /// `headroom lease create-table NAME`
    struct CreateTable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-table",
            abstract: "Create the lease table (string hash key LeaseName, billed per request) and wait until it is active.",
            discussion: """
                Safe to run again: a table that already has the key Headroom needs is left as \
                it is. A table of that name with another key is an error, since the lease cannot \
                live in it; pick another name. Needs dynamodb:CreateTable and \
                dynamodb:DescribeTable.

                Examples:
                  headroom lease create-table headroom-leases
                  headroom lease create-table headroom-leases --profile prod --region us-east-1
                """
        )

        @Argument(help: ArgumentHelp("The table's name, as given to `headroom run --lease-table`.", valueName: "name"))
        var table: String

        @OptionGroup var aws: AWSOptions

        func run() async throws {
            let configuration = try aws.configuration()
            let dynamo: DynamoDBClient
            do {
                dynamo = DynamoDBClient(client: try configuration.client(for: .dynamoDB))
            } catch {
                throw CommandFailure("\(error)")
            }
            let created: Bool
            do {
                created = try await DynamoDBLeaseStore.createTable(named: table, client: dynamo)
            } catch {
                throw CommandFailure("\(error)")
            }
            print(
                created
                    ? "created lease table \(table) (hash key \(DynamoDBLeaseStore.keyAttribute), string); it is active"
                    : "lease table \(table) already exists with hash key \(DynamoDBLeaseStore.keyAttribute): nothing to do")
        }
    }
}
