import Foundation

/// The request and response bodies of the Application Auto Scaling operations, as they travel.
extension ApplicationAutoScaling {
    struct RegisterScalableTargetInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var resourceID: String
        var scalableDimension: ScalableDimension
        var minCapacity: Int?
        var maxCapacity: Int?
        var roleARN: String?
        var suspendedState: SuspendedState?

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case minCapacity = "MinCapacity"
            case maxCapacity = "MaxCapacity"
            case roleARN = "RoleARN"
            case suspendedState = "SuspendedState"
        }
    }

    struct RegisterScalableTargetOutput: Decodable {
        var scalableTargetARN: String?

        enum CodingKeys: String, CodingKey {
            case scalableTargetARN = "ScalableTargetARN"
        }
    }

    struct DescribeScalableTargetsInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var resourceIDs: [String]?
        var scalableDimension: ScalableDimension?
        var maxResults: Int?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case resourceIDs = "ResourceIds"
            case scalableDimension = "ScalableDimension"
            case maxResults = "MaxResults"
            case nextToken = "NextToken"
        }
    }

    struct DescribeScalableTargetsOutput: Decodable {
        var scalableTargets: [ScalableTarget]?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case scalableTargets = "ScalableTargets"
            case nextToken = "NextToken"
        }
    }

    struct PutScheduledActionInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var scheduledActionName: String
        var resourceID: String
        var scalableDimension: ScalableDimension
        var schedule: String
        var timezone: String?
        var startTime: Date?
        var endTime: Date?
        var scalableTargetAction: ScalableTargetAction?

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case scheduledActionName = "ScheduledActionName"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case schedule = "Schedule"
            case timezone = "Timezone"
            case startTime = "StartTime"
            case endTime = "EndTime"
            case scalableTargetAction = "ScalableTargetAction"
        }
    }

    struct DescribeScheduledActionsInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var scheduledActionNames: [String]?
        var resourceID: String?
        var scalableDimension: ScalableDimension?
        var maxResults: Int?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case scheduledActionNames = "ScheduledActionNames"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case maxResults = "MaxResults"
            case nextToken = "NextToken"
        }
    }

    struct DescribeScheduledActionsOutput: Decodable {
        var scheduledActions: [ScheduledAction]?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case scheduledActions = "ScheduledActions"
            case nextToken = "NextToken"
        }
    }

    struct DeleteScheduledActionInput: Encodable, Sendable {
        var serviceNamespace: ServiceNamespace
        var scheduledActionName: String
        var resourceID: String
        var scalableDimension: ScalableDimension

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case scheduledActionName = "ScheduledActionName"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
        }
    }
}
