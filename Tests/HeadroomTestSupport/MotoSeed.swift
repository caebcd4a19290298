import AWSClient
import Foundation

/// Creates what tests need in moto through the typed clients: clusters with services, Auto
/// Scaling groups, DynamoDB tables.
public struct MotoSeed: Sendable {
    public let ecs: ECSClient
    public let applicationAutoScaling: ApplicationAutoScalingClient
    public let autoScaling: AutoScalingClient
    public let dynamoDB: DynamoDBClient

    /// Seeds as `identity` (normally the administrator) in `region`.
    public init(_ identity: MotoIdentity, region: Region = MotoAccount.region) {
        ecs = ECSClient(client: identity.client(.ecs, region: region))
        applicationAutoScaling = ApplicationAutoScalingClient(client: identity.client(.applicationAutoScaling, region: region))
        autoScaling = AutoScalingClient(client: identity.client(.autoScaling, region: region))
        dynamoDB = DynamoDBClient(client: identity.client(.dynamoDB, region: region))
    }

    /// A cluster with a task definition and `services`, each at `desiredCount`.
    public func cluster(_ name: String, services: [String], desiredCount: Int = 1) async throws {
        try await ecs.createCluster(name: name)
        let definition = try await ecs.registerTaskDefinition(
            family: "\(name)-task", containers: [ECS.ContainerDefinition(name: "app", image: "nginx:stable", memory: 512, cpu: 256)])
        for service in services {
            try await ecs.createService(
                cluster: name, name: service, taskDefinition: definition.taskDefinitionARN, desiredCount: desiredCount)
        }
    }

    /// An Auto Scaling group (with its own launch configuration) in us-east-1a.
    public func autoScalingGroup(_ name: String, min: Int, max: Int, desired: Int) async throws {
        try await autoScaling.createLaunchConfiguration(name: "lc-\(name)", imageID: "ami-12c6146b", instanceType: "t3.micro")
        try await autoScaling.createAutoScalingGroup(AutoScaling.GroupCreation(
            name: name, launchConfigurationName: "lc-\(name)", minSize: min, maxSize: max, desiredCapacity: desired,
            availabilityZones: ["us-east-1a"]))
    }

    /// A table with a string hash key `hashKey`.
    public func table(_ name: String, hashKey: String) async throws {
        try await dynamoDB.createTable(DynamoDB.TableDefinition(name: name, hashKey: hashKey))
    }
}
