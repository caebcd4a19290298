import Foundation

/// Typed Application Auto Scaling operations over an ``AWSServiceClient`` for
/// ``AWSService/applicationAutoScaling`` (JSON 1.1, `X-Amz-Target: AnyScaleFrontendService.<Op>`,
/// signing name `application-autoscaling`).
///
/// ```swift
/// let aas = ApplicationAutoScalingClient(client: try aws.client(for: .applicationAutoScaling))
/// let api = ApplicationAutoScaling.TargetID.ecsService(cluster: "prod", service: "api")
/// try await aas.registerScalableTarget(.init(target: api, minCapacity: 2, maxCapacity: 9))
/// ```
public struct ApplicationAutoScalingClient: Sendable {
    /// The most resource IDs one `DescribeScalableTargets` call accepts.
    public static let maxResourceIDsPerDescribe = 50
    /// The most results one page of a describe call returns.
    public static let maxResultsPerPage = 50

    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for Application Auto Scaling.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Registers a scalable target or changes its bounds (`application-autoscaling:RegisterScalableTarget`)
    /// and returns its ARN when the service sends one.
    /// - Throws: ``AWSClientError`` for a negative bound or a minimum above the maximum, before
    ///   anything is sent (moto accepts both); ``AWSError`` (`ValidationException` when the
    ///   resource does not exist).
    @discardableResult
    public func registerScalableTarget(_ registration: ApplicationAutoScaling.Registration) async throws -> String? {
        let check = OperationInputCheck(client.service, "RegisterScalableTarget")
        try check.notEmpty(registration.target.resourceID, "ResourceId")
        try check.nonNegative(registration.minCapacity, "MinCapacity")
        try check.nonNegative(registration.maxCapacity, "MaxCapacity")
        try check.ordered(registration.minCapacity, "MinCapacity", registration.maxCapacity, "MaxCapacity")
        let input = ApplicationAutoScaling.RegisterScalableTargetInput(
            serviceNamespace: registration.target.namespace, resourceID: registration.target.resourceID,
            scalableDimension: registration.target.dimension, minCapacity: registration.minCapacity,
            maxCapacity: registration.maxCapacity, roleARN: registration.roleARN,
            suspendedState: registration.suspendedState
        )
        return try await client.json(
            "RegisterScalableTarget", input: input, as: ApplicationAutoScaling.RegisterScalableTargetOutput.self
        ).scalableTargetARN
    }

    /// The scalable targets of `namespace` (`application-autoscaling:DescribeScalableTargets`),
    /// every page. With `resourceIDs`, only those, asked in calls of at most
    /// ``maxResourceIDsPerDescribe``; resources without a target are simply absent.
    /// - Throws: ``AWSError``; ``AWSClientError`` when pages repeat a token.
    public func describeScalableTargets(
        namespace: ApplicationAutoScaling.ServiceNamespace,
        resourceIDs: [String]? = nil,
        dimension: ApplicationAutoScaling.ScalableDimension? = nil
    ) async throws -> [ApplicationAutoScaling.ScalableTarget] {
        guard let resourceIDs else {
            return try await describeScalableTargetPages(namespace: namespace, resourceIDs: nil, dimension: dimension)
        }
        var targets: [ApplicationAutoScaling.ScalableTarget] = []
        for batch in Array(Set(resourceIDs)).sorted().batches(of: Self.maxResourceIDsPerDescribe) {
            targets += try await describeScalableTargetPages(namespace: namespace, resourceIDs: batch, dimension: dimension)
        }
        return targets
    }

    /// The scalable target `id`, or `nil` when none is registered.
    public func describeScalableTarget(_ id: ApplicationAutoScaling.TargetID) async throws -> ApplicationAutoScaling.ScalableTarget? {
        try await describeScalableTargets(namespace: id.namespace, resourceIDs: [id.resourceID], dimension: id.dimension)
            .first { $0.resourceID == id.resourceID && $0.scalableDimension == id.dimension }
    }

    /// Creates or replaces a scheduled action (`application-autoscaling:PutScheduledAction`).
    /// - Throws: ``AWSClientError`` for an empty name or schedule, a negative bound, a minimum
    ///   above the maximum, or an end before the start, before anything is sent; ``AWSError``.
    public func putScheduledAction(_ request: ApplicationAutoScaling.ScheduledActionRequest) async throws {
        let check = OperationInputCheck(client.service, "PutScheduledAction")
        try check.notEmpty(request.name, "ScheduledActionName")
        try check.notEmpty(request.schedule, "Schedule")
        try check.nonNegative(request.minCapacity, "MinCapacity")
        try check.nonNegative(request.maxCapacity, "MaxCapacity")
        try check.ordered(request.minCapacity, "MinCapacity", request.maxCapacity, "MaxCapacity")
        if let start = request.startTime, let end = request.endTime, end < start {
            throw check.failure("EndTime is before StartTime")
        }
        let action: ApplicationAutoScaling.ScalableTargetAction? =
            request.minCapacity == nil && request.maxCapacity == nil
            ? nil : .init(minCapacity: request.minCapacity, maxCapacity: request.maxCapacity)
        let input = ApplicationAutoScaling.PutScheduledActionInput(
            serviceNamespace: request.target.namespace, scheduledActionName: request.name,
            resourceID: request.target.resourceID, scalableDimension: request.target.dimension,
            schedule: request.schedule, timezone: request.timezone, startTime: request.startTime,
            endTime: request.endTime, scalableTargetAction: action
        )
        try await client.json("PutScheduledAction", input: input)
    }

    /// The scheduled actions of `namespace`, optionally of one resource and dimension or with
    /// given names (`application-autoscaling:DescribeScheduledActions`), every page.
    public func describeScheduledActions(
        namespace: ApplicationAutoScaling.ServiceNamespace,
        resourceID: String? = nil,
        dimension: ApplicationAutoScaling.ScalableDimension? = nil,
        names: [String]? = nil
    ) async throws -> [ApplicationAutoScaling.ScheduledAction] {
        try await PageFollower.collect(service: client.service, operation: "DescribeScheduledActions") { token in
            let input = ApplicationAutoScaling.DescribeScheduledActionsInput(
                serviceNamespace: namespace, scheduledActionNames: names, resourceID: resourceID,
                scalableDimension: dimension, maxResults: Self.maxResultsPerPage, nextToken: token
            )
            let page = try await client.json(
                "DescribeScheduledActions", input: input, as: ApplicationAutoScaling.DescribeScheduledActionsOutput.self
            )
            return (page.scheduledActions ?? [], page.nextToken)
        }
    }

    /// Deletes the scheduled action `name` of `target` (`application-autoscaling:DeleteScheduledAction`).
    public func deleteScheduledAction(name: String, target: ApplicationAutoScaling.TargetID) async throws {
        try OperationInputCheck(client.service, "DeleteScheduledAction").notEmpty(name, "ScheduledActionName")
        let input = ApplicationAutoScaling.DeleteScheduledActionInput(
            serviceNamespace: target.namespace, scheduledActionName: name, resourceID: target.resourceID,
            scalableDimension: target.dimension
        )
        try await client.json("DeleteScheduledAction", input: input)
    }

    private func describeScalableTargetPages(
        namespace: ApplicationAutoScaling.ServiceNamespace,
        resourceIDs: [String]?,
        dimension: ApplicationAutoScaling.ScalableDimension?
    ) async throws -> [ApplicationAutoScaling.ScalableTarget] {
        try await PageFollower.collect(service: client.service, operation: "DescribeScalableTargets") { token in
            let input = ApplicationAutoScaling.DescribeScalableTargetsInput(
                serviceNamespace: namespace, resourceIDs: resourceIDs, scalableDimension: dimension,
                maxResults: Self.maxResultsPerPage, nextToken: token
            )
            let page = try await client.json(
                "DescribeScalableTargets", input: input, as: ApplicationAutoScaling.DescribeScalableTargetsOutput.self
            )
            return (page.scalableTargets ?? [], page.nextToken)
        }
    }
}
