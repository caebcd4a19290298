import Foundation

/// The shapes of the Amazon EC2 Auto Scaling operations Headroom calls (Query protocol,
/// version 2011-01-01). ``AutoScalingClient`` sends them and reads the XML answers into them.
public enum AutoScaling {
    /// An Auto Scaling group as `DescribeAutoScalingGroups` returns it: only what Headroom reads.
    public struct Group: Sendable, Hashable {
        public var name: String
        public var arn: String?
        public var minSize: Int
        public var maxSize: Int
        public var desiredCapacity: Int
        /// The group's instances (warm pool instances are not among them).
        public var instances: [Instance]
        /// `Delete in progress` while the group is being deleted; usually absent.
        public var status: String?
        /// The group's warm pool, when it has one.
        public var warmPoolConfiguration: WarmPoolConfiguration?
        /// Instances in the warm pool, when AWS reports it.
        public var warmPoolSize: Int?
        /// The scaling processes suspended on the group, e.g. `AlarmNotification`.
        public var suspendedProcesses: [String]

        public init(
            name: String, arn: String? = nil, minSize: Int, maxSize: Int, desiredCapacity: Int, instances: [Instance] = [],
            status: String? = nil, warmPoolConfiguration: WarmPoolConfiguration? = nil, warmPoolSize: Int? = nil,
            suspendedProcesses: [String] = []
        ) {
            self.suspendedProcesses = suspendedProcesses
            self.name = name
            self.arn = arn
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
            self.instances = instances
            self.status = status
            self.warmPoolConfiguration = warmPoolConfiguration
            self.warmPoolSize = warmPoolSize
        }

        /// Instances in service: the ones that serve load.
        public var inServiceCount: Int { instances.count(where: \.lifecycleState.isInService) }
        /// Instances still launching (`Pending`, `Pending:Wait`, `Pending:Proceed`).
        public var pendingCount: Int { instances.count(where: \.lifecycleState.isPending) }
        /// Whether AWS is deleting the group.
        public var isBeingDeleted: Bool { status?.lowercased().hasPrefix("delete") == true }
    }

    /// One instance of a group or of its warm pool.
    public struct Instance: Sendable, Hashable {
        public var instanceID: String
        public var lifecycleState: LifecycleState
        public var healthStatus: String?
        public var availabilityZone: String?
        public var instanceType: String?

        public init(
            instanceID: String, lifecycleState: LifecycleState, healthStatus: String? = nil,
            availabilityZone: String? = nil, instanceType: String? = nil
        ) {
            self.instanceID = instanceID
            self.lifecycleState = lifecycleState
            self.healthStatus = healthStatus
            self.availabilityZone = availabilityZone
            self.instanceType = instanceType
        }
    }

    /// Where an instance is in its life, e.g. `InService`, `Pending:Wait`, `Warmed:Stopped`.
    public struct LifecycleState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let inService = LifecycleState(rawValue: "InService")
        public static let pending = LifecycleState(rawValue: "Pending")

        /// `InService`.
        public var isInService: Bool { rawValue == "InService" }
        /// `Pending`, `Pending:Wait` or `Pending:Proceed`: launching into the group.
        public var isPending: Bool { rawValue == "Pending" || rawValue.hasPrefix("Pending:") }
        /// A `Warmed:` state: in the warm pool.
        public var isWarmed: Bool { rawValue.hasPrefix("Warmed:") }

        public var description: String { rawValue }
    }

    /// The state warm pool instances wait in.
    public struct WarmPoolState: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let stopped = WarmPoolState(rawValue: "Stopped")
        public static let running = WarmPoolState(rawValue: "Running")
        public static let hibernated = WarmPoolState(rawValue: "Hibernated")

        public var description: String { rawValue }
    }

    /// A warm pool's configuration.
    public struct WarmPoolConfiguration: Sendable, Hashable {
        public var minSize: Int?
        /// `nil` when unset (AWS reports an unset value as -1): the group's max size applies.
        public var maxGroupPreparedCapacity: Int?
        public var poolState: WarmPoolState?
        /// `PendingDelete` while the pool is being deleted; usually absent.
        public var status: String?
        public var reuseOnScaleIn: Bool?

        public init(
            minSize: Int? = nil, maxGroupPreparedCapacity: Int? = nil, poolState: WarmPoolState? = nil,
            status: String? = nil, reuseOnScaleIn: Bool? = nil
        ) {
            self.minSize = minSize
            self.maxGroupPreparedCapacity = maxGroupPreparedCapacity
            self.poolState = poolState
            self.status = status
            self.reuseOnScaleIn = reuseOnScaleIn
        }

        /// Whether AWS is deleting the pool.
        public var isBeingDeleted: Bool { status == "PendingDelete" }
    }

    /// What `DescribeWarmPool` says: the configuration (none when the group has no pool) and
    /// the instances in the pool.
    public struct WarmPool: Sendable, Hashable {
        public var configuration: WarmPoolConfiguration?
        public var instances: [Instance]

        public init(configuration: WarmPoolConfiguration?, instances: [Instance]) {
            self.configuration = configuration
            self.instances = instances
        }
    }

    /// The input of `UpdateAutoScalingGroup`: the sizes to change; `nil` leaves one as it is.
    public struct GroupUpdate: Sendable, Hashable {
        public var name: String
        public var minSize: Int?
        public var maxSize: Int?
        public var desiredCapacity: Int?

        public init(name: String, minSize: Int? = nil, maxSize: Int? = nil, desiredCapacity: Int? = nil) {
            self.name = name
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
        }
    }

    /// The input of `PutWarmPool`: creates or replaces a group's warm pool.
    public struct WarmPoolRequest: Sendable, Hashable {
        public var groupName: String
        public var minSize: Int?
        /// `nil` leaves the pool sized by the group's max size.
        public var maxGroupPreparedCapacity: Int?
        public var poolState: WarmPoolState?
        public var reuseOnScaleIn: Bool?

        public init(
            groupName: String, minSize: Int? = nil, maxGroupPreparedCapacity: Int? = nil, poolState: WarmPoolState? = nil,
            reuseOnScaleIn: Bool? = nil
        ) {
            self.groupName = groupName
            self.minSize = minSize
            self.maxGroupPreparedCapacity = maxGroupPreparedCapacity
            self.poolState = poolState
            self.reuseOnScaleIn = reuseOnScaleIn
        }
    }

    /// The input of `CreateAutoScalingGroup` from a launch configuration; for seeding tests and demos.
    public struct GroupCreation: Sendable, Hashable {
        public var name: String
        public var launchConfigurationName: String
        public var minSize: Int
        public var maxSize: Int
        public var desiredCapacity: Int?
        public var availabilityZones: [String]

        public init(
            name: String, launchConfigurationName: String, minSize: Int, maxSize: Int, desiredCapacity: Int? = nil,
            availabilityZones: [String]
        ) {
            self.name = name
            self.launchConfigurationName = launchConfigurationName
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
            self.availabilityZones = availabilityZones
        }
    }
}
