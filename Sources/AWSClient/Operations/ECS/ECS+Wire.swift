import Foundation

/// The request and response bodies of the ECS operations, as they travel.
extension ECS {
    struct DescribeServicesInput: Encodable, Sendable {
        var cluster: String
        var services: [String]
    }

    struct DescribeServicesOutput: Decodable {
        var services: [Service]
        var failures: [WireFailure]

        enum CodingKeys: String, CodingKey {
            case services
            case failures
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            services = try container.decodeIfPresent([Service].self, forKey: .services) ?? []
            failures = try container.decodeIfPresent([WireFailure].self, forKey: .failures) ?? []
        }
    }

    struct WireFailure: Decodable {
        var arn: String?
        var reason: String?
        var detail: String?
    }

    struct UpdateServiceInput: Encodable, Sendable {
        var cluster: String
        var service: String
        var desiredCount: Int
    }

    struct ServiceOutput: Decodable {
        var service: Service
    }

    struct CreateClusterInput: Encodable, Sendable {
        var clusterName: String
    }

    struct ClusterOutput: Decodable {
        var cluster: Cluster
    }

    struct RegisterTaskDefinitionInput: Encodable, Sendable {
        var family: String
        var containerDefinitions: [ContainerDefinition]
    }

    struct TaskDefinitionOutput: Decodable {
        var taskDefinition: TaskDefinition
    }

    struct CreateServiceInput: Encodable, Sendable {
        var cluster: String
        var serviceName: String
        var taskDefinition: String
        var desiredCount: Int
    }
}

extension ECS.ServiceFailure {
    /// Reads a wire failure; the service name is the last `/` part of its ARN, which holds for
    /// both ARN formats (`service/NAME` and `service/CLUSTER/NAME`).
    init(_ wire: ECS.WireFailure) {
        let name = wire.arn.flatMap { $0.split(separator: "/").last.map(String.init) } ?? ""
        self.init(
            service: name, arn: wire.arn, reason: ECS.FailureReason(rawValue: wire.reason ?? "UNKNOWN"),
            detail: wire.detail
        )
    }
}
