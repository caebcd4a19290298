import Foundation

/// The shapes of the Amazon ECS operations Headroom calls, named as the JSON 1.1 protocol
/// names them (`desiredCount`, `runningCount`, …). ``ECSClient`` sends them.
public enum ECS {
    /// An ECS service as `DescribeServices`, `CreateService` and `UpdateService` return it:
    /// only the fields Headroom reads.
    public struct Service: Sendable, Hashable, Decodable {
        /// The service's name, unique within its cluster.
        public var serviceName: String
        /// The service's ARN.
        public var serviceARN: String?
        /// The ARN of the cluster the service runs in.
        public var clusterARN: String?
        /// `ACTIVE`, `DRAINING` or `INACTIVE` (deleted; AWS keeps describing it for a while).
        public var status: String?
        /// The number of tasks the service should run.
        public var desiredCount: Int
        /// Tasks in the `RUNNING` state.
        public var runningCount: Int
        /// Tasks in the `PENDING` state: placed, still starting.
        public var pendingCount: Int

        /// Creates a service description.
        public init(
            serviceName: String, serviceARN: String? = nil, clusterARN: String? = nil, status: String? = "ACTIVE",
            desiredCount: Int, runningCount: Int, pendingCount: Int
        ) {
            self.serviceName = serviceName
            self.serviceARN = serviceARN
            self.clusterARN = clusterARN
            self.status = status
            self.desiredCount = desiredCount
            self.runningCount = runningCount
            self.pendingCount = pendingCount
        }

        /// Whether ECS reports the service as deleted (`INACTIVE`).
        public var isInactive: Bool { status == "INACTIVE" }

        enum CodingKeys: String, CodingKey {
            case serviceName
            case serviceARN = "serviceArn"
            case clusterARN = "clusterArn"
            case status
            case desiredCount
            case runningCount
            case pendingCount
        }
    }

    /// Why `DescribeServices` could not describe one service, e.g. ``missing``.
    public struct FailureReason: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The cluster has no service of that name.
        public static let missing = FailureReason(rawValue: "MISSING")

        public var description: String { rawValue }
    }

    /// One service `DescribeServices` could not describe.
    public struct ServiceFailure: Sendable, Hashable {
        /// The service name as requested (the last part of the failure's ARN).
        public var service: String
        /// The ARN ECS reported, if any.
        public var arn: String?
        /// Why it failed.
        public var reason: FailureReason
        /// ECS's detail, if any.
        public var detail: String?

        /// Creates a failure.
        public init(service: String, arn: String?, reason: FailureReason, detail: String? = nil) {
            self.service = service
            self.arn = arn
            self.reason = reason
            self.detail = detail
        }
    }

    /// What `DescribeServices` said about a list of services of one cluster, merged over
    /// every call the list took.
    public struct ServiceDescriptions: Sendable, Hashable {
        /// The services found, in the order ECS returned them.
        public var services: [Service]
        /// The services not described, with the reason.
        public var failures: [ServiceFailure]

        /// Creates descriptions.
        public init(services: [Service] = [], failures: [ServiceFailure] = []) {
            self.services = services
            self.failures = failures
        }

        /// The service called `name`, if ECS described it.
        public func service(named name: String) -> Service? {
            services.first { $0.serviceName == name }
        }

        /// The failure for `name`, if ECS reported one.
        public func failure(for name: String) -> ServiceFailure? {
            failures.first { $0.service == name }
        }
    }

    /// A cluster, as `CreateCluster` returns it.
    public struct Cluster: Sendable, Hashable, Decodable {
        public var clusterName: String
        public var clusterARN: String?
        public var status: String?

        enum CodingKeys: String, CodingKey {
            case clusterName
            case clusterARN = "clusterArn"
            case status
        }
    }

    /// A container of a task definition: only what registering one requires.
    public struct ContainerDefinition: Sendable, Hashable, Encodable {
        public var name: String
        public var image: String
        /// Hard memory limit in MiB.
        public var memory: Int?
        /// CPU units (1024 = one vCPU).
        public var cpu: Int?
        public var essential: Bool

        public init(name: String, image: String, memory: Int? = nil, cpu: Int? = nil, essential: Bool = true) {
            self.name = name
            self.image = image
            self.memory = memory
            self.cpu = cpu
            self.essential = essential
        }
    }

    /// A registered task definition revision.
    public struct TaskDefinition: Sendable, Hashable, Decodable {
        public var family: String
        public var revision: Int
        public var taskDefinitionARN: String

        enum CodingKeys: String, CodingKey {
            case family
            case revision
            case taskDefinitionARN = "taskDefinitionArn"
        }
    }
}
