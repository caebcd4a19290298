import CapacityCore

/// A commented starting policy that tracks average CPU, as `headroom policy new` prints it
/// (the way `kubectl autoscale` starts an HPA).
///
/// Its scaling settings are the shipped default, `simulations/policies/headroom.yaml`, at the
/// user's target: the file BENCHMARKS.md compares with AWS target tracking, so a user without a
/// trace starts from the measured default (a test holds the two together).
///
/// ECS services read `AWS/ECS` `CPUUtilization` by ClusterName and ServiceName; Auto Scaling
/// groups read `AWS/EC2` `CPUUtilization` by AutoScalingGroupName; both as the Average.
public struct PolicyTemplate: Sendable, Hashable {
    public var target: TargetReference
    public var minCapacity: Int
    public var maxCapacity: Int
    /// The CPU utilization to hold, in percent: 0 < value ≤ 100.
    public var cpuTargetPercent: Double
    /// Defaults to the ECS service's or the Auto Scaling group's name.
    public var name: String?
    public var region: String?

    public init(
        target: TargetReference, minCapacity: Int, maxCapacity: Int, cpuTargetPercent: Double,
        name: String? = nil, region: String? = nil
    ) {
        self.target = target
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.cpuTargetPercent = cpuTargetPercent
        self.name = name
        self.region = region
    }

    /// The policy's name: ``name``, or the service's or group's name.
    public var policyName: String {
        if let name { return name }
        switch target {
        case .ecsService(_, let service): return service
        case .autoScalingGroup(let group): return group
        }
    }

    /// The policy file's text.
    public var yaml: String {
        let source: String
        let unit: String
        switch target {
        case .ecsService(let cluster, let service):
            unit = "tasks"
            source = """
                      CloudWatch:
                        Namespace: AWS/ECS
                        MetricName: CPUUtilization
                        Dimensions:
                          ClusterName: \(Self.scalar(cluster))
                          ServiceName: \(Self.scalar(service))
                        Statistic: Average
                        Period: 60
                """
        case .autoScalingGroup(let group):
            unit = "instances"
            source = """
                      CloudWatch:
                        Namespace: AWS/EC2
                        MetricName: CPUUtilization
                        Dimensions:
                          AutoScalingGroupName: \(Self.scalar(group))
                        Statistic: Average
                        Period: 60
                """
        }
        let region = self.region.map { "Region: \(Self.scalar($0))" } ?? "# Region: us-east-1   # optional; by default the region of the environment"
        return """
            # Headroom policy for \(Self.commentText(target.description)), written by `headroom policy new`.
            # Check it with `headroom policy check FILE`; docs/POLICIES.md describes every key.
            Name: \(Self.scalar(policyName))
            Target: \(Self.scalar(target.description))
            \(region)

            # Headroom never sets fewer or more \(unit) than this.
            MinCapacity: \(minCapacity)
            MaxCapacity: \(maxCapacity)

            TargetTracking:
              Metrics:
                # Average CPU of the \(unit), held near the target by adding or removing \(unit).
                - Name: cpu
                  TargetValue: \(Self.number(cpuTargetPercent))
            \(source)
              # A reading within 10 % of the target keeps the count.
              Tolerance: 0.1
              # Add \(unit) when the newest one-minute average is past the band and the last
              # three were above 95 % of the target; then not again for 5 minutes.
              ScaleOut:
                Cooldown: 300
                Alarm: {Datapoints: 3, PeriodSeconds: 60, ThresholdRatio: 0.95}
              # Remove \(unit) when the newest is below the band and the last ten were below the
              # target; then not again for 10 minutes. (The alarm is the wait: no window on top.)
              ScaleIn:
                Cooldown: 600
                StabilizationWindowSeconds: 0
                Alarm: {Datapoints: 10, PeriodSeconds: 60, ThresholdRatio: 1.0}

            # Never fewer \(unit) than the last 15 minutes' mean load plus 0.5 standard deviations
            # needs at the target: this floor rises in the minute a jump shows, without waiting
            # for an alarm, and only where the load has been jumpy.
            Buffer:
              Window: 15m
              Deviations: 0.5

            # Raise the floor ahead of known peaks, for example on weekday business hours:
            # ScheduledActions:
            #   - Name: business-hours
            #     Schedule: cron(0 8 ? * MON-FRI *)
            #     End: cron(0 19 ? * MON-FRI *)
            #     Timezone: Europe/Berlin
            #     MinCapacity: \(Swift.min(maxCapacity, Swift.max(minCapacity, 1) * 2))

            """
    }

    /// `text` as a YAML scalar: plain when that reads back as the same text, else double-quoted.
    static func scalar(_ text: String) -> String {
        let plainSafe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_./:".unicodeScalars.contains(scalar))
        }
        let startsWithLetter = text.unicodeScalars.first.map { $0.isASCII && $0.properties.isAlphabetic } ?? false
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"].contains(text.lowercased())
        if plainSafe, startsWithLetter, !reserved { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// `text` with line breaks and other control characters replaced, safe inside a comment.
    static func commentText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
    }

    /// `60` rather than `60.0` for whole numbers.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
