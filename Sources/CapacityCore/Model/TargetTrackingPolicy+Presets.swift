extension TargetTrackingPolicy {
    /// AWS target tracking as documented and observed: a scale-out alarm on 3 of 3 one-minute
    /// datapoints above the target, a scale-in alarm on 15 of 15 below 0.9 × target, 300 s
    /// cooldowns each, no tolerance band of its own (the alarms are the band) and no
    /// stabilization window. Missing data never scales in.
    public static func awsTargetTracking(
        metrics: [TargetTrackingMetric],
        scaleOutDatapoints: Int = 3,
        scaleInDatapoints: Int = 15,
        scaleInThresholdRatio: Double = 0.9,
        scaleOutCooldownSeconds: Int = 300,
        scaleInCooldownSeconds: Int = 300
    ) -> TargetTrackingPolicy {
        TargetTrackingPolicy(
            metrics: metrics,
            tolerance: 0,
            scaleOut: ScalingBehavior(
                cooldownSeconds: scaleOutCooldownSeconds,
                alarm: AlarmEvaluation(periodSeconds: 60, datapoints: scaleOutDatapoints, thresholdRatio: 1.0)),
            scaleIn: ScalingBehavior(
                cooldownSeconds: scaleInCooldownSeconds,
                alarm: AlarmEvaluation(periodSeconds: 60, datapoints: scaleInDatapoints, thresholdRatio: scaleInThresholdRatio))
        )
    }

    /// The Kubernetes HPA v2 with its defaults: 15 s sync period, 10 % tolerance, 300 s
    /// scale-down stabilization, scale-down of up to 100 % per 15 s, scale-up of
    /// max(100 %, 4 pods) per 15 s.
    public static func kubernetesHPA(metrics: [TargetTrackingMetric]) -> TargetTrackingPolicy {
        TargetTrackingPolicy(
            metrics: metrics,
            tolerance: 0.1,
            scaleOut: ScalingBehavior(
                stabilizationWindowSeconds: 0,
                rateLimits: [
                    .init(kind: .percent, value: 100, periodSeconds: 15),
                    .init(kind: .units, value: 4, periodSeconds: 15),
                ],
                selectPolicy: .max),
            scaleIn: ScalingBehavior(
                stabilizationWindowSeconds: 300,
                rateLimits: [.init(kind: .percent, value: 100, periodSeconds: 15)],
                selectPolicy: .max),
            evaluationIntervalSeconds: 15
        )
    }
}
