import Foundation

/// Typed Amazon EC2 Auto Scaling operations over an ``AWSServiceClient`` for
/// ``AWSService/autoScaling`` (Query protocol, version 2011-01-01, XML answers, signing name
/// `autoscaling`).
///
/// ```swift
/// let asg = AutoScalingClient(client: try aws.client(for: .autoScaling))
/// let groups = try await asg.describeAutoScalingGroups(names: ["gpu-inference"])
/// try await asg.setDesiredCapacity(group: "gpu-inference", to: 6)
/// ```
public struct AutoScalingClient: Sendable {
    /// The most group names one `DescribeAutoScalingGroups` call is given.
    public static let maxGroupsPerDescribe = 50
    /// The page size asked of `DescribeAutoScalingGroups` (the API allows up to 100).
    public static let describePageSize = 50
    /// The page size asked of `DescribeWarmPool` (the API's maximum).
    public static let warmPoolPageSize = 50

    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for EC2 Auto Scaling.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// Describes groups (`autoscaling:DescribeAutoScalingGroups`): the named ones, asked in
    /// calls of at most ``maxGroupsPerDescribe`` names, or every group when `names` is `nil`;
    /// every page of each call. Names AWS does not know are simply absent from the answer.
    /// - Throws: ``AWSError``; ``AWSClientError`` for an answer that is not the documented XML.
    public func describeAutoScalingGroups(names: [String]? = nil) async throws -> [AutoScaling.Group] {
        guard let names else { return try await describeGroupPages(names: nil) }
        let check = OperationInputCheck(client.service, "DescribeAutoScalingGroups")
        for name in names { try check.notEmpty(name, "AutoScalingGroupName") }
        var groups: [AutoScaling.Group] = []
        var seen: Set<String> = []
        let unique = names.filter { seen.insert($0).inserted }
        for batch in unique.batches(of: Self.maxGroupsPerDescribe) {
            groups += try await describeGroupPages(names: batch)
        }
        return groups
    }

    /// Sets a group's desired capacity (`autoscaling:SetDesiredCapacity`).
    /// - Parameter honorCooldown: Whether AWS should refuse while the group is in a cooldown.
    /// - Throws: ``AWSClientError`` for a negative capacity, before anything is sent; ``AWSError``
    ///   (`ValidationError` when the group does not exist or the capacity is outside its bounds).
    public func setDesiredCapacity(group: String, to desired: Int, honorCooldown: Bool = false) async throws {
        let check = OperationInputCheck(client.service, "SetDesiredCapacity")
        try check.notEmpty(group, "AutoScalingGroupName")
        try check.nonNegative(desired, "DesiredCapacity")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", group)
        parameters.add("DesiredCapacity", desired)
        parameters.add("HonorCooldown", honorCooldown)
        _ = try await client.query("SetDesiredCapacity", parameters: parameters)
    }

    /// Changes a group's min, max and desired sizes, the ones given (`autoscaling:UpdateAutoScalingGroup`).
    /// - Throws: ``AWSClientError`` for no size at all, a negative size, min above max or a
    ///   desired capacity outside the given min and max, before anything is sent (moto accepts
    ///   the last two); ``AWSError``.
    public func updateAutoScalingGroup(_ update: AutoScaling.GroupUpdate) async throws {
        let check = OperationInputCheck(client.service, "UpdateAutoScalingGroup")
        try check.notEmpty(update.name, "AutoScalingGroupName")
        guard update.minSize != nil || update.maxSize != nil || update.desiredCapacity != nil else {
            throw check.failure("nothing to update: give MinSize, MaxSize or DesiredCapacity")
        }
        try check.nonNegative(update.minSize, "MinSize")
        try check.nonNegative(update.maxSize, "MaxSize")
        try check.nonNegative(update.desiredCapacity, "DesiredCapacity")
        try check.ordered(update.minSize, "MinSize", update.maxSize, "MaxSize")
        try check.ordered(update.minSize, "MinSize", update.desiredCapacity, "DesiredCapacity")
        try check.ordered(update.desiredCapacity, "DesiredCapacity", update.maxSize, "MaxSize")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", update.name)
        parameters.add("MinSize", update.minSize)
        parameters.add("MaxSize", update.maxSize)
        parameters.add("DesiredCapacity", update.desiredCapacity)
        _ = try await client.query("UpdateAutoScalingGroup", parameters: parameters)
    }

    /// Creates or replaces a group's warm pool (`autoscaling:PutWarmPool`).
    /// - Throws: ``AWSClientError`` for a negative size, before anything is sent; ``AWSError``.
    public func putWarmPool(_ request: AutoScaling.WarmPoolRequest) async throws {
        let check = OperationInputCheck(client.service, "PutWarmPool")
        try check.notEmpty(request.groupName, "AutoScalingGroupName")
        try check.nonNegative(request.minSize, "MinSize")
        try check.nonNegative(request.maxGroupPreparedCapacity, "MaxGroupPreparedCapacity")
        try check.ordered(request.minSize, "MinSize", request.maxGroupPreparedCapacity, "MaxGroupPreparedCapacity")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", request.groupName)
        parameters.add("MinSize", request.minSize)
        parameters.add("MaxGroupPreparedCapacity", request.maxGroupPreparedCapacity)
        parameters.add("PoolState", request.poolState?.rawValue)
        parameters.add("InstanceReusePolicy.ReuseOnScaleIn", request.reuseOnScaleIn)
        _ = try await client.query("PutWarmPool", parameters: parameters)
    }

    /// A group's warm pool and its instances, every page (`autoscaling:DescribeWarmPool`);
    /// the configuration is `nil` when the group has no pool.
    public func describeWarmPool(group: String) async throws -> AutoScaling.WarmPool {
        try OperationInputCheck(client.service, "DescribeWarmPool").notEmpty(group, "AutoScalingGroupName")
        var configuration: AutoScaling.WarmPoolConfiguration?
        let instances: [AutoScaling.Instance] = try await PageFollower.collect(service: client.service, operation: "DescribeWarmPool") {
            token in
            var parameters = QueryParameters()
            parameters.add("AutoScalingGroupName", group)
            parameters.add("MaxRecords", Self.warmPoolPageSize)
            parameters.add("NextToken", token)
            let result = try await client.query("DescribeWarmPool", parameters: parameters)
            let context = "the warm pool of Auto Scaling group '\(group)'"
            return try parse("DescribeWarmPool") { () throws(AutoScaling.Problem) in
                if configuration == nil, let element = result.child("WarmPoolConfiguration") {
                    configuration = try AutoScaling.WarmPoolConfiguration(xml: element, in: context)
                }
                var page: [AutoScaling.Instance] = []
                for member in AutoScaling.members(result, "Instances") {
                    page.append(try AutoScaling.Instance(xml: member, in: context))
                }
                return (page, result.text("NextToken"))
            }
        }
        return AutoScaling.WarmPool(configuration: configuration, instances: instances)
    }

    /// Deletes a group's warm pool (`autoscaling:DeleteWarmPool`).
    /// - Parameter force: Terminate the pool's instances without waiting for lifecycle actions.
    public func deleteWarmPool(group: String, force: Bool = false) async throws {
        try OperationInputCheck(client.service, "DeleteWarmPool").notEmpty(group, "AutoScalingGroupName")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", group)
        parameters.add("ForceDelete", force)
        _ = try await client.query("DeleteWarmPool", parameters: parameters)
    }

    /// Creates a launch configuration (`autoscaling:CreateLaunchConfiguration`); for seeding tests and demos.
    public func createLaunchConfiguration(name: String, imageID: String, instanceType: String) async throws {
        var parameters = QueryParameters()
        parameters.add("LaunchConfigurationName", name)
        parameters.add("ImageId", imageID)
        parameters.add("InstanceType", instanceType)
        _ = try await client.query("CreateLaunchConfiguration", parameters: parameters)
    }

    /// Creates a group from a launch configuration (`autoscaling:CreateAutoScalingGroup`); for
    /// seeding tests and demos.
    public func createAutoScalingGroup(_ creation: AutoScaling.GroupCreation) async throws {
        let check = OperationInputCheck(client.service, "CreateAutoScalingGroup")
        try check.nonNegative(creation.minSize, "MinSize")
        try check.ordered(creation.minSize, "MinSize", creation.maxSize, "MaxSize")
        try check.ordered(creation.minSize, "MinSize", creation.desiredCapacity, "DesiredCapacity")
        try check.ordered(creation.desiredCapacity, "DesiredCapacity", creation.maxSize, "MaxSize")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", creation.name)
        parameters.add("LaunchConfigurationName", creation.launchConfigurationName)
        parameters.add("MinSize", creation.minSize)
        parameters.add("MaxSize", creation.maxSize)
        parameters.add("DesiredCapacity", creation.desiredCapacity)
        parameters.addList("AvailabilityZones", creation.availabilityZones)
        _ = try await client.query("CreateAutoScalingGroup", parameters: parameters)
    }

    private func describeGroupPages(names: [String]?) async throws -> [AutoScaling.Group] {
        try await PageFollower.collect(service: client.service, operation: "DescribeAutoScalingGroups") { token in
            var parameters = QueryParameters()
            if let names { parameters.addList("AutoScalingGroupNames", names) }
            parameters.add("MaxRecords", Self.describePageSize)
            parameters.add("NextToken", token)
            let result = try await client.query("DescribeAutoScalingGroups", parameters: parameters)
            return try parse("DescribeAutoScalingGroups") { () throws(AutoScaling.Problem) in
                var groups: [AutoScaling.Group] = []
                for member in AutoScaling.members(result, "AutoScalingGroups") {
                    groups.append(try AutoScaling.Group(xml: member))
                }
                return (groups, result.text("NextToken"))
            }
        }
    }

    /// Runs an XML reader, turning its problem into a malformed-response error of `operation`.
    func parse<Value>(_ operation: String, _ read: () throws(AutoScaling.Problem) -> Value) throws -> Value {
        do {
            return try read()
        } catch {
            throw AWSClientError.malformedResponse(service: client.service.serviceID, operation: operation, detail: error.description)
        }
    }
}
