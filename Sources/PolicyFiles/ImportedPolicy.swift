import CapacityCore
import Foundation

/// A Headroom policy equivalent to the scaling AWS has for a target, as `headroom policy
/// import` prints it: the bounds, one metric per target-tracking policy, the scheduled
/// actions, and a comment for everything without an equivalent.
///
/// The policy is of kind `aws-target-tracking`, whose preset behaves as AWS target tracking
/// does (alarms over 3 and 15 one-minute datapoints), and adopts the target (`AWSScaling:
/// Suspend`): it is meant to take over from the AWS policies it was read from.
public struct ImportedPolicy: Sendable, Hashable {
    /// One target-tracking policy's metric.
    public struct Metric: Sendable, Hashable {
        /// The AWS policy's name, which names the metric too.
        public var name: String
        /// What AWS calls the metric, e.g. `ECSServiceAverageCPUUtilization`, for the comment.
        public var origin: String
        public var metric: CloudWatchMetric
        public var targetValue: Double
        public var disableScaleIn: Bool

        public init(name: String, origin: String, metric: CloudWatchMetric, targetValue: Double, disableScaleIn: Bool) {
            self.name = name
            self.origin = origin
            self.metric = metric
            self.targetValue = targetValue
            self.disableScaleIn = disableScaleIn
        }
    }

    /// One scheduled action: from when it fires, AWS keeps the bounds it set until another
    /// action sets them again, which a window of a year that the latest start wins reproduces.
    public struct Schedule: Sendable, Hashable {
        public var name: String
        /// `cron(…)`, `rate(…)` or `at(…)`, as Headroom reads them.
        public var expression: String
        public var timeZone: String?
        public var startTime: Date?
        public var endTime: Date?
        public var minCapacity: Int?
        public var maxCapacity: Int?

        public init(
            name: String, expression: String, timeZone: String? = nil, startTime: Date? = nil, endTime: Date? = nil,
            minCapacity: Int?, maxCapacity: Int?
        ) {
            self.name = name
            self.expression = expression
            self.timeZone = timeZone
            self.startTime = startTime
            self.endTime = endTime
            self.minCapacity = minCapacity
            self.maxCapacity = maxCapacity
        }
    }

    /// How long an imported schedule's window stays open: the longest Headroom allows.
    public static let scheduleWindow = "365d"

    public var target: TargetReference
    public var region: String?
    /// `Application Auto Scaling` or `EC2 Auto Scaling`.
    public var service: String
    public var minCapacity: Int
    public var maxCapacity: Int
    public var metrics: [Metric]
    public var scaleOutCooldownSeconds: Int?
    public var scaleInCooldownSeconds: Int?
    public var instanceWarmupSeconds: Int?
    public var schedules: [Schedule]
    /// One line each: what AWS has that the policy does not carry, and why.
    public var notes: [String]

    public init(
        target: TargetReference, region: String?, service: String, minCapacity: Int, maxCapacity: Int, metrics: [Metric],
        scaleOutCooldownSeconds: Int? = nil, scaleInCooldownSeconds: Int? = nil, instanceWarmupSeconds: Int? = nil,
        schedules: [Schedule] = [], notes: [String] = []
    ) {
        self.target = target
        self.region = region
        self.service = service
        self.minCapacity = minCapacity
        self.maxCapacity = maxCapacity
        self.metrics = metrics
        self.scaleOutCooldownSeconds = scaleOutCooldownSeconds
        self.scaleInCooldownSeconds = scaleInCooldownSeconds
        self.instanceWarmupSeconds = instanceWarmupSeconds
        self.schedules = schedules
        self.notes = notes
    }

    /// The policy file's text.
    public var yaml: String {
        let template = PolicyTemplate(target: target, minCapacity: minCapacity, maxCapacity: maxCapacity, cpuTargetPercent: 1)
        var lines = [
            "# Headroom policy for \(PolicyTemplate.commentText(target.description)), imported by `headroom policy import`",
            "# from what \(service) has for it. Check it with `headroom policy check FILE`;",
            "# docs/POLICIES.md describes every key.",
            "Name: \(PolicyTemplate.scalar(template.policyName))",
            "Target: \(PolicyTemplate.scalar(target.description))",
        ]
        if let region { lines.append("Region: \(PolicyTemplate.scalar(region))") }
        lines += [
            "# Behaves as AWS target tracking does: alarms over 3 (out) and 15 (in) one-minute datapoints.",
            "Kind: aws-target-tracking",
            "# AWS scales this target today. On its first write Headroom suspends AWS's scaling policies",
            "# (and, with ScheduledActions here, AWS's scheduled actions); `headroom release \(PolicyTemplate.commentText(target.description))`",
            "# resumes them. Without this line Headroom refuses to write the target while they act.",
            "AWSScaling: Suspend",
            "",
            "MinCapacity: \(minCapacity)",
            "MaxCapacity: \(maxCapacity)",
        ]
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "# Not imported: \(PolicyTemplate.commentText($0))" }
        }
        lines += ["", "TargetTracking:", "  Metrics:"]
        for metric in metrics { lines += Self.lines(for: metric) }
        if let seconds = scaleOutCooldownSeconds { lines.append("  ScaleOutCooldown: \(seconds)") }
        if let seconds = scaleInCooldownSeconds { lines.append("  ScaleInCooldown: \(seconds)") }
        if let seconds = instanceWarmupSeconds { lines.append("  InstanceWarmup: \(seconds)") }
        if !schedules.isEmpty {
            lines += [
                "",
                "# AWS keeps the bounds a scheduled action sets until another one sets them again: each window",
                "# stays open a year, and where windows overlap the one that started last wins.",
                "ScheduledActions:",
            ]
            for schedule in schedules { lines += Self.lines(for: schedule) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func lines(for metric: Metric) -> [String] {
        var lines = [
            "    # From AWS policy '\(PolicyTemplate.commentText(metric.name))' (\(PolicyTemplate.commentText(metric.origin))).",
            "    - Name: \(PolicyTemplate.scalar(metric.name))",
            "      TargetValue: \(PolicyTemplate.number(metric.targetValue))",
        ]
        if metric.disableScaleIn { lines.append("      DisableScaleIn: true") }
        lines += [
            "      CloudWatch:",
            "        Namespace: \(PolicyTemplate.scalar(metric.metric.namespace))",
            "        MetricName: \(PolicyTemplate.scalar(metric.metric.metricName))",
        ]
        if !metric.metric.dimensions.isEmpty {
            lines.append("        Dimensions:")
            for dimension in metric.metric.dimensions {
                lines.append("          \(PolicyTemplate.scalar(dimension.name)): \(PolicyTemplate.scalar(dimension.value))")
            }
        }
        lines += [
            "        Statistic: \(PolicyTemplate.scalar(metric.metric.statistic))",
            "        Period: \(metric.metric.periodSeconds)",
        ]
        return lines
    }

    private static func lines(for schedule: Schedule) -> [String] {
        var lines = [
            "  - Name: \(PolicyTemplate.scalar(schedule.name))",
            "    Schedule: \(PolicyTemplate.scalar(schedule.expression))",
            "    Duration: \(scheduleWindow)",
        ]
        if let zone = schedule.timeZone { lines.append("    Timezone: \(PolicyTemplate.scalar(zone))") }
        if let start = schedule.startTime { lines.append("    StartTime: \(Self.instant(start))") }
        if let end = schedule.endTime { lines.append("    EndTime: \(Self.instant(end))") }
        if let min = schedule.minCapacity { lines.append("    MinCapacity: \(min)") }
        if let max = schedule.maxCapacity { lines.append("    MaxCapacity: \(max)") }
        return lines
    }

    private static func instant(_ date: Date) -> String {
        "\"" + date.formatted(Date.ISO8601FormatStyle()) + "\""
    }
}
