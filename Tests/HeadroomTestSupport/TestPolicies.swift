/// Policy files the moto-backed suites share.
public enum TestPolicies {
    /// Target tracking of `ecs:CLUSTER/SERVICE` at 60 % CPU, read from CloudWatch's
    /// `AWS/ECS CPUUtilization` (one-minute average); `more` is appended as further top-level
    /// or `TargetTracking` lines (indented by the caller).
    public static func ecsCPU(cluster: String, service: String = "api", min: Int = 1, max: Int = 20, more: String = "") -> String {
        """
        Target: ecs:\(cluster)/\(service)
        MinCapacity: \(min)
        MaxCapacity: \(max)
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              CloudWatch:
                Namespace: AWS/ECS
                MetricName: CPUUtilization
                Dimensions: {ClusterName: \(cluster), ServiceName: \(service)}
                Statistic: Average
                Period: 60

        """ + more
    }
}
