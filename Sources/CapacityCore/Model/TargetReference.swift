/// What a policy scales: an ECS service or an EC2 Auto Scaling group.
///
/// Written on the command line and in policy files as `ecs:CLUSTER/SERVICE` or `asg:GROUP_NAME`.
public enum TargetReference: Sendable, Hashable, Codable, CustomStringConvertible {
    case ecsService(cluster: String, service: String)
    case autoScalingGroup(name: String)

    /// Parses `ecs:CLUSTER/SERVICE` or `asg:GROUP_NAME`; `nil` when the text is neither.
    public init?(_ text: String) {
        if text.hasPrefix("ecs:") {
            let rest = text.dropFirst(4)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let cluster = String(rest[..<slash])
            let service = String(rest[rest.index(after: slash)...])
            guard !cluster.isEmpty, !service.isEmpty, !service.contains("/") else { return nil }
            self = .ecsService(cluster: cluster, service: service)
        } else if text.hasPrefix("asg:") {
            let name = String(text.dropFirst(4))
            guard !name.isEmpty else { return nil }
            self = .autoScalingGroup(name: name)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .ecsService(let cluster, let service): "ecs:\(cluster)/\(service)"
        case .autoScalingGroup(let name): "asg:\(name)"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = TargetReference(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not ecs:CLUSTER/SERVICE or asg:GROUP_NAME"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
