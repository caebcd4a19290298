import Foundation

/// Typed Amazon ECS operations over an ``AWSServiceClient`` for ``AWSService/ecs``
/// (JSON 1.1, `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`, signing name `ecs`).
///
/// ```swift
/// let ecs = ECSClient(client: try aws.client(for: .ecs))
/// let described = try await ecs.describeServices(cluster: "prod", services: ["api", "worker"])
/// try await ecs.updateService(cluster: "prod", service: "api", desiredCount: 4)
/// ```
public struct ECSClient: Sendable {
    /// The most services one `DescribeServices` call accepts.
    public static let maxServicesPerDescribe = 10

    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for ECS.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Describes services of one cluster (`ecs:DescribeServices`), in calls of at most
    /// ``maxServicesPerDescribe``, merged. A service ECS does not know is a
    /// ``ECS/ServiceFailure`` with reason ``ECS/FailureReason/missing``, not an error.
    /// - Throws: ``AWSError`` (e.g. `ClusterNotFoundException`) from the first call that fails;
    ///   ``AWSClientError`` for an empty cluster or service name, before anything is sent.
    public func describeServices(cluster: String, services: [String]) async throws -> ECS.ServiceDescriptions {
        let check = OperationInputCheck(client.service, "DescribeServices")
        try check.notEmpty(cluster, "cluster")
        for service in services { try check.notEmpty(service, "service name") }
        var merged = ECS.ServiceDescriptions()
        for batch in unique(services).batches(of: Self.maxServicesPerDescribe) {
            let output = try await client.json(
                "DescribeServices", input: ECS.DescribeServicesInput(cluster: cluster, services: batch),
                as: ECS.DescribeServicesOutput.self
            )
            merged.services += output.services
            merged.failures += output.failures.map(ECS.ServiceFailure.init)
        }
        return merged
    }

    /// Sets a service's desired task count (`ecs:UpdateService`) and returns the service.
    /// - Throws: ``AWSClientError`` for a negative count, before anything is sent; ``AWSError``
    ///   (`ServiceNotFoundException`, `ClusterNotFoundException`, …).
    @discardableResult
    public func updateService(cluster: String, service: String, desiredCount: Int) async throws -> ECS.Service {
        let check = OperationInputCheck(client.service, "UpdateService")
        try check.notEmpty(cluster, "cluster")
        try check.notEmpty(service, "service")
        try check.nonNegative(desiredCount, "desiredCount")
        let input = ECS.UpdateServiceInput(cluster: cluster, service: service, desiredCount: desiredCount)
        return try await client.json("UpdateService", input: input, as: ECS.ServiceOutput.self).service
    }

    /// Creates a cluster (`ecs:CreateCluster`); for seeding tests and demos.
    @discardableResult
    public func createCluster(name: String) async throws -> ECS.Cluster {
        try OperationInputCheck(client.service, "CreateCluster").notEmpty(name, "clusterName")
        return try await client.json("CreateCluster", input: ECS.CreateClusterInput(clusterName: name), as: ECS.ClusterOutput.self)
            .cluster
    }

    /// Registers a task definition revision (`ecs:RegisterTaskDefinition`); for seeding tests and demos.
    @discardableResult
    public func registerTaskDefinition(family: String, containers: [ECS.ContainerDefinition]) async throws -> ECS.TaskDefinition {
        let check = OperationInputCheck(client.service, "RegisterTaskDefinition")
        try check.notEmpty(family, "family")
        guard !containers.isEmpty else { throw check.failure("a task definition needs at least one container") }
        let input = ECS.RegisterTaskDefinitionInput(family: family, containerDefinitions: containers)
        return try await client.json("RegisterTaskDefinition", input: input, as: ECS.TaskDefinitionOutput.self).taskDefinition
    }

    /// Creates a service (`ecs:CreateService`); for seeding tests and demos.
    @discardableResult
    public func createService(cluster: String, name: String, taskDefinition: String, desiredCount: Int) async throws -> ECS.Service {
        let check = OperationInputCheck(client.service, "CreateService")
        try check.notEmpty(cluster, "cluster")
        try check.notEmpty(name, "serviceName")
        try check.nonNegative(desiredCount, "desiredCount")
        let input = ECS.CreateServiceInput(cluster: cluster, serviceName: name, taskDefinition: taskDefinition, desiredCount: desiredCount)
        return try await client.json("CreateService", input: input, as: ECS.ServiceOutput.self).service
    }

    /// `names` without repeats, first occurrence first: a repeated name would cost a slot in a batch.
    private func unique(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}
