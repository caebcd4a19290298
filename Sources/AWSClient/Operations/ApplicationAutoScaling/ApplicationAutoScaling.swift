import Foundation

/// The shapes of the Application Auto Scaling operations Headroom calls, named as the JSON 1.1
/// protocol names them. ``ApplicationAutoScalingClient`` sends them.
public enum ApplicationAutoScaling {
    /// The AWS service a scalable target belongs to, e.g. ``ecs``.
    public struct ServiceNamespace: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Amazon ECS services.
        public static let ecs = ServiceNamespace(rawValue: "ecs")
        public var description: String { rawValue }
    }

    /// What of the resource is scaled, e.g. ``ecsServiceDesiredCount``.
    public struct ScalableDimension: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The desired task count of an ECS service.
        public static let ecsServiceDesiredCount = ScalableDimension(rawValue: "ecs:service:DesiredCount")
        public var description: String { rawValue }
    }

    /// Which scalable target: namespace, resource ID and dimension together.
    public struct TargetID: Sendable, Hashable, CustomStringConvertible {
        public var namespace: ServiceNamespace
        /// E.g. `service/CLUSTER/SERVICE` for ECS.
        public var resourceID: String
        public var dimension: ScalableDimension

        public init(namespace: ServiceNamespace, resourceID: String, dimension: ScalableDimension) {
            self.namespace = namespace
            self.resourceID = resourceID
            self.dimension = dimension
        }

        /// The desired count of ECS service `service` in `cluster`: `service/CLUSTER/SERVICE`.
        public static func ecsService(cluster: String, service: String) -> TargetID {
            TargetID(namespace: .ecs, resourceID: ecsResourceID(cluster: cluster, service: service), dimension: .ecsServiceDesiredCount)
        }

        /// `service/CLUSTER/SERVICE`, the resource ID of an ECS service.
        public static func ecsResourceID(cluster: String, service: String) -> String {
            "service/\(cluster)/\(service)"
        }

        public var description: String { "\(namespace) \(resourceID) \(dimension)" }
    }

    /// A registered scalable target: the bounds Application Auto Scaling keeps the resource in.
    public struct ScalableTarget: Sendable, Hashable, Decodable {
        public var serviceNamespace: ServiceNamespace
        public var resourceID: String
        public var scalableDimension: ScalableDimension
        public var minCapacity: Int
        public var maxCapacity: Int
        public var roleARN: String?
        public var creationTime: Date?
        /// Which of Application Auto Scaling's own scaling is suspended; `nil` when none ever was.
        public var suspendedState: SuspendedState?

        public init(
            serviceNamespace: ServiceNamespace, resourceID: String, scalableDimension: ScalableDimension,
            minCapacity: Int, maxCapacity: Int, roleARN: String? = nil, creationTime: Date? = nil,
            suspendedState: SuspendedState? = nil
        ) {
            self.serviceNamespace = serviceNamespace
            self.resourceID = resourceID
            self.scalableDimension = scalableDimension
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
            self.roleARN = roleARN
            self.creationTime = creationTime
            self.suspendedState = suspendedState
        }

        /// Which target this is.
        public var id: TargetID { TargetID(namespace: serviceNamespace, resourceID: resourceID, dimension: scalableDimension) }

        enum CodingKeys: String, CodingKey {
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case minCapacity = "MinCapacity"
            case maxCapacity = "MaxCapacity"
            case roleARN = "RoleARN"
            case creationTime = "CreationTime"
            case suspendedState = "SuspendedState"
        }
    }

    /// Which of a scalable target's scaling Application Auto Scaling holds back: scaling
    /// policies (in and out separately) and scheduled actions. `nil` reads as not suspended.
    public struct SuspendedState: Sendable, Hashable, Codable {
        public var dynamicScalingInSuspended: Bool?
        public var dynamicScalingOutSuspended: Bool?
        public var scheduledScalingSuspended: Bool?

        public init(dynamicScalingInSuspended: Bool? = nil, dynamicScalingOutSuspended: Bool? = nil, scheduledScalingSuspended: Bool? = nil) {
            self.dynamicScalingInSuspended = dynamicScalingInSuspended
            self.dynamicScalingOutSuspended = dynamicScalingOutSuspended
            self.scheduledScalingSuspended = scheduledScalingSuspended
        }

        /// Scaling policies act in neither direction.
        public var dynamicScalingSuspended: Bool { dynamicScalingInSuspended == true && dynamicScalingOutSuspended == true }
        /// Scheduled actions do not fire.
        public var scheduledSuspended: Bool { scheduledScalingSuspended == true }

        enum CodingKeys: String, CodingKey {
            case dynamicScalingInSuspended = "DynamicScalingInSuspended"
            case dynamicScalingOutSuspended = "DynamicScalingOutSuspended"
            case scheduledScalingSuspended = "ScheduledScalingSuspended"
        }
    }

    /// The input of `RegisterScalableTarget`: registers a target or changes its bounds.
    /// A new target needs both bounds; an existing one keeps the bound left `nil`.
    public struct Registration: Sendable, Hashable {
        public var target: TargetID
        public var minCapacity: Int?
        public var maxCapacity: Int?
        /// The role Application Auto Scaling scales with; the service-linked role when `nil`.
        public var roleARN: String?
        /// Suspends or resumes the target's own scaling; `nil` leaves it as it is.
        public var suspendedState: SuspendedState?

        public init(
            target: TargetID, minCapacity: Int?, maxCapacity: Int?, roleARN: String? = nil, suspendedState: SuspendedState? = nil
        ) {
            self.target = target
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
            self.roleARN = roleARN
            self.suspendedState = suspendedState
        }
    }

    /// The bounds a scheduled action sets when it fires.
    public struct ScalableTargetAction: Sendable, Hashable, Codable {
        public var minCapacity: Int?
        public var maxCapacity: Int?

        public init(minCapacity: Int?, maxCapacity: Int?) {
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
        }

        enum CodingKeys: String, CodingKey {
            case minCapacity = "MinCapacity"
            case maxCapacity = "MaxCapacity"
        }
    }

    /// A scheduled action: new bounds at a time or on a `cron(…)`/`rate(…)`/`at(…)` schedule.
    public struct ScheduledAction: Sendable, Hashable, Decodable {
        public var name: String
        public var arn: String?
        public var serviceNamespace: ServiceNamespace
        public var resourceID: String
        public var scalableDimension: ScalableDimension?
        /// `at(yyyy-mm-ddThh:mm:ss)`, `rate(value unit)` or `cron(fields)`.
        public var schedule: String
        /// IANA time zone of the schedule; UTC when `nil`.
        public var timezone: String?
        public var startTime: Date?
        public var endTime: Date?
        public var scalableTargetAction: ScalableTargetAction?
        public var creationTime: Date?

        enum CodingKeys: String, CodingKey {
            case name = "ScheduledActionName"
            case arn = "ScheduledActionARN"
            case serviceNamespace = "ServiceNamespace"
            case resourceID = "ResourceId"
            case scalableDimension = "ScalableDimension"
            case schedule = "Schedule"
            case timezone = "Timezone"
            case startTime = "StartTime"
            case endTime = "EndTime"
            case scalableTargetAction = "ScalableTargetAction"
            case creationTime = "CreationTime"
        }
    }

    /// The input of `PutScheduledAction`: creates or replaces the action called `name` of `target`.
    public struct ScheduledActionRequest: Sendable, Hashable {
        public var name: String
        public var target: TargetID
        public var schedule: String
        public var timezone: String?
        public var startTime: Date?
        public var endTime: Date?
        public var minCapacity: Int?
        public var maxCapacity: Int?

        public init(
            name: String, target: TargetID, schedule: String, timezone: String? = nil, startTime: Date? = nil,
            endTime: Date? = nil, minCapacity: Int?, maxCapacity: Int?
        ) {
            self.name = name
            self.target = target
            self.schedule = schedule
            self.timezone = timezone
            self.startTime = startTime
            self.endTime = endTime
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
        }
    }
}
