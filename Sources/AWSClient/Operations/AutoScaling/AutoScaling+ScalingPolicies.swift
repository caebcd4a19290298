import Foundation

/// EC2 Auto Scaling's own scaling — scaling policies, scheduled actions — and the processes
/// that carry it out: what competes with Headroom for a group's desired capacity, and what
/// `headroom policy import` translates.
extension AutoScaling {
    /// The process that runs a group's scaling policies (through CloudWatch alarms).
    public static let alarmNotificationProcess = "AlarmNotification"
    /// The process that runs a group's scheduled actions.
    public static let scheduledActionsProcess = "ScheduledActions"

    /// A scaling policy as `DescribePolicies` returns it: only what Headroom reads.
    public struct ScalingPolicy: Sendable, Hashable {
        public var groupName: String
        public var name: String
        public var arn: String?
        /// `TargetTrackingScaling`, `StepScaling`, `SimpleScaling` or `PredictiveScaling`.
        public var policyType: String
        /// A disabled policy does nothing; `nil` means enabled, as AWS defaults.
        public var enabled: Bool?
        public var targetTracking: TargetTrackingConfiguration?
        public var estimatedInstanceWarmup: Int?
        /// A predictive policy's mode: `ForecastAndScale` or `ForecastOnly` (the default).
        public var predictiveMode: String?

        public init(
            groupName: String, name: String, arn: String? = nil, policyType: String, enabled: Bool? = nil,
            targetTracking: TargetTrackingConfiguration? = nil, estimatedInstanceWarmup: Int? = nil, predictiveMode: String? = nil
        ) {
            self.groupName = groupName
            self.name = name
            self.arn = arn
            self.policyType = policyType
            self.enabled = enabled
            self.targetTracking = targetTracking
            self.estimatedInstanceWarmup = estimatedInstanceWarmup
            self.predictiveMode = predictiveMode
        }

        /// Whether the policy can change the group's capacity: enabled, and for a predictive
        /// policy, `ForecastAndScale`.
        public var scales: Bool {
            guard enabled != false else { return false }
            if policyType == "PredictiveScaling" { return predictiveMode == "ForecastAndScale" }
            return true
        }
    }

    /// A target-tracking policy's configuration.
    public struct TargetTrackingConfiguration: Sendable, Hashable {
        public var targetValue: Double
        /// E.g. `ASGAverageCPUUtilization`, `ALBRequestCountPerTarget`.
        public var predefinedMetricType: String?
        public var resourceLabel: String?
        public var customizedMetric: CustomizedMetric?
        public var disableScaleIn: Bool?

        public init(
            targetValue: Double, predefinedMetricType: String? = nil, resourceLabel: String? = nil,
            customizedMetric: CustomizedMetric? = nil, disableScaleIn: Bool? = nil
        ) {
            self.targetValue = targetValue
            self.predefinedMetricType = predefinedMetricType
            self.resourceLabel = resourceLabel
            self.customizedMetric = customizedMetric
            self.disableScaleIn = disableScaleIn
        }
    }

    /// A CloudWatch metric a target-tracking policy names itself; `usesMetricMath` when it is
    /// an expression over several metrics.
    public struct CustomizedMetric: Sendable, Hashable {
        public var namespace: String?
        public var metricName: String?
        public var dimensions: [(name: String, value: String)] {
            get { dimensionPairs.map { ($0.name, $0.value) } }
            set { dimensionPairs = newValue.map { Dimension(name: $0.name, value: $0.value) } }
        }
        public var statistic: String?
        public var usesMetricMath: Bool
        private var dimensionPairs: [Dimension]

        private struct Dimension: Sendable, Hashable {
            var name: String
            var value: String
        }

        public init(
            namespace: String?, metricName: String?, dimensions: [(name: String, value: String)], statistic: String?,
            usesMetricMath: Bool = false
        ) {
            self.namespace = namespace
            self.metricName = metricName
            self.dimensionPairs = dimensions.map { Dimension(name: $0.name, value: $0.value) }
            self.statistic = statistic
            self.usesMetricMath = usesMetricMath
        }
    }

    /// A scheduled action as `DescribeScheduledActions` returns it.
    public struct ScheduledAction: Sendable, Hashable {
        public var groupName: String
        public var name: String
        /// A Unix cron expression (`M H DoM Mon DoW`) for a recurring action.
        public var recurrence: String?
        /// When a one-time action runs (or a recurring one first runs).
        public var time: Date?
        public var startTime: Date?
        public var endTime: Date?
        public var minSize: Int?
        public var maxSize: Int?
        public var desiredCapacity: Int?
        /// IANA time zone of `recurrence`; UTC when `nil`.
        public var timeZone: String?

        public init(
            groupName: String, name: String, recurrence: String? = nil, time: Date? = nil, startTime: Date? = nil,
            endTime: Date? = nil, minSize: Int? = nil, maxSize: Int? = nil, desiredCapacity: Int? = nil, timeZone: String? = nil
        ) {
            self.groupName = groupName
            self.name = name
            self.recurrence = recurrence
            self.time = time
            self.startTime = startTime
            self.endTime = endTime
            self.minSize = minSize
            self.maxSize = maxSize
            self.desiredCapacity = desiredCapacity
            self.timeZone = timeZone
        }
    }

    /// The input of `PutScalingPolicy` for a target-tracking policy.
    public struct TargetTrackingPolicyRequest: Sendable, Hashable {
        public var groupName: String
        public var name: String
        public var configuration: TargetTrackingConfiguration
        public var estimatedInstanceWarmup: Int?

        public init(groupName: String, name: String, configuration: TargetTrackingConfiguration, estimatedInstanceWarmup: Int? = nil) {
            self.groupName = groupName
            self.name = name
            self.configuration = configuration
            self.estimatedInstanceWarmup = estimatedInstanceWarmup
        }
    }
}

extension AutoScaling.ScalingPolicy {
    init(xml: XMLTree) throws(AutoScaling.Problem) {
        let name = try AutoScaling.requiredText(xml, "PolicyName", in: "a ScalingPolicies member")
        let context = "scaling policy '\(name)'"
        var tracking: AutoScaling.TargetTrackingConfiguration?
        if let element = xml.child("TargetTrackingConfiguration") {
            tracking = try AutoScaling.TargetTrackingConfiguration(xml: element, in: context)
        }
        self.init(
            groupName: try AutoScaling.requiredText(xml, "AutoScalingGroupName", in: context),
            name: name,
            arn: xml.text("PolicyARN"),
            policyType: xml.text("PolicyType").flatMap { $0.isEmpty ? nil : $0 } ?? "SimpleScaling",
            enabled: AutoScaling.optionalBool(xml, "Enabled"),
            targetTracking: tracking,
            estimatedInstanceWarmup: try AutoScaling.optionalInt(xml, "EstimatedInstanceWarmup", in: context),
            predictiveMode: xml.child("PredictiveScalingConfiguration")?.text("Mode").flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension AutoScaling.TargetTrackingConfiguration {
    init(xml: XMLTree, in context: String) throws(AutoScaling.Problem) {
        let text = try AutoScaling.requiredText(xml, "TargetValue", in: "the target tracking of \(context)")
        guard let value = Double(text) else {
            throw AutoScaling.Problem(description: "\(context) has TargetValue '\(text)', not a number")
        }
        var customized: AutoScaling.CustomizedMetric?
        if let element = xml.child("CustomizedMetricSpecification") {
            let dimensions = AutoScaling.members(element, "Dimensions").compactMap { member -> (name: String, value: String)? in
                guard let name = member.text("Name"), let value = member.text("Value") else { return nil }
                return (name, value)
            }
            customized = AutoScaling.CustomizedMetric(
                namespace: element.text("Namespace"), metricName: element.text("MetricName"), dimensions: dimensions,
                statistic: element.text("Statistic"), usesMetricMath: element.child("Metrics") != nil)
        }
        let predefined = xml.child("PredefinedMetricSpecification")
        self.init(
            targetValue: value,
            predefinedMetricType: predefined?.text("PredefinedMetricType"),
            resourceLabel: predefined?.text("ResourceLabel").flatMap { $0.isEmpty ? nil : $0 },
            customizedMetric: customized,
            disableScaleIn: AutoScaling.optionalBool(xml, "DisableScaleIn"))
    }
}

extension AutoScaling.ScheduledAction {
    init(xml: XMLTree) throws(AutoScaling.Problem) {
        let name = try AutoScaling.requiredText(xml, "ScheduledActionName", in: "a ScheduledUpdateGroupActions member")
        let context = "scheduled action '\(name)'"
        func date(_ element: String) -> Date? { xml.text(element).flatMap(ISO8601Timestamp.parse) }
        self.init(
            groupName: try AutoScaling.requiredText(xml, "AutoScalingGroupName", in: context),
            name: name,
            recurrence: xml.text("Recurrence").flatMap { $0.isEmpty ? nil : $0 },
            time: date("Time"),
            startTime: date("StartTime"),
            endTime: date("EndTime"),
            minSize: try AutoScaling.optionalInt(xml, "MinSize", in: context),
            maxSize: try AutoScaling.optionalInt(xml, "MaxSize", in: context),
            desiredCapacity: try AutoScaling.optionalInt(xml, "DesiredCapacity", in: context),
            timeZone: xml.text("TimeZone").flatMap { $0.isEmpty ? nil : $0 })
    }
}

extension AutoScalingClient {
    /// The scaling policies of `group` (every group's when `nil`) (`autoscaling:DescribePolicies`), every page.
    public func describePolicies(group: String? = nil) async throws -> [AutoScaling.ScalingPolicy] {
        try await PageFollower.collect(service: client.service, operation: "DescribePolicies") { token in
            var parameters = QueryParameters()
            parameters.add("AutoScalingGroupName", group)
            parameters.add("MaxRecords", Self.describePageSize)
            parameters.add("NextToken", token)
            let result = try await client.query("DescribePolicies", parameters: parameters)
            return try parse("DescribePolicies") { () throws(AutoScaling.Problem) in
                var policies: [AutoScaling.ScalingPolicy] = []
                for member in AutoScaling.members(result, "ScalingPolicies") {
                    policies.append(try AutoScaling.ScalingPolicy(xml: member))
                }
                return (policies, result.text("NextToken"))
            }
        }
    }

    /// The scheduled actions of `group` (every group's when `nil`)
    /// (`autoscaling:DescribeScheduledActions`), every page.
    public func describeScheduledActions(group: String? = nil) async throws -> [AutoScaling.ScheduledAction] {
        try await PageFollower.collect(service: client.service, operation: "DescribeScheduledActions") { token in
            var parameters = QueryParameters()
            parameters.add("AutoScalingGroupName", group)
            parameters.add("MaxRecords", Self.describePageSize)
            parameters.add("NextToken", token)
            let result = try await client.query("DescribeScheduledActions", parameters: parameters)
            return try parse("DescribeScheduledActions") { () throws(AutoScaling.Problem) in
                var actions: [AutoScaling.ScheduledAction] = []
                for member in AutoScaling.members(result, "ScheduledUpdateGroupActions") {
                    actions.append(try AutoScaling.ScheduledAction(xml: member))
                }
                return (actions, result.text("NextToken"))
            }
        }
    }

    /// Suspends `processes` of `group` (`autoscaling:SuspendProcesses`). An empty list is
    /// refused: AWS reads it as every process, Launch and Terminate included.
    public func suspendProcesses(group: String, _ processes: [String]) async throws {
        try await changeProcesses("SuspendProcesses", group: group, processes)
    }

    /// Resumes `processes` of `group` (`autoscaling:ResumeProcesses`). An empty list is
    /// refused: AWS reads it as every process, including ones someone else suspended.
    public func resumeProcesses(group: String, _ processes: [String]) async throws {
        try await changeProcesses("ResumeProcesses", group: group, processes)
    }

    /// Creates or replaces a target-tracking policy (`autoscaling:PutScalingPolicy`); for
    /// seeding tests and demos of adoption.
    public func putTargetTrackingPolicy(_ request: AutoScaling.TargetTrackingPolicyRequest) async throws {
        let check = OperationInputCheck(client.service, "PutScalingPolicy")
        try check.notEmpty(request.groupName, "AutoScalingGroupName")
        try check.notEmpty(request.name, "PolicyName")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", request.groupName)
        parameters.add("PolicyName", request.name)
        parameters.add("PolicyType", "TargetTrackingScaling")
        parameters.add("EstimatedInstanceWarmup", request.estimatedInstanceWarmup)
        let tracking = request.configuration
        parameters.add("TargetTrackingConfiguration.TargetValue", String(tracking.targetValue))
        parameters.add("TargetTrackingConfiguration.DisableScaleIn", tracking.disableScaleIn)
        if let type = tracking.predefinedMetricType {
            parameters.add("TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType", type)
            parameters.add("TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel", tracking.resourceLabel)
        }
        _ = try await client.query("PutScalingPolicy", parameters: parameters)
    }

    /// Creates or replaces a scheduled action (`autoscaling:PutScheduledUpdateGroupAction`);
    /// for seeding tests and demos of adoption.
    public func putScheduledAction(_ action: AutoScaling.ScheduledAction) async throws {
        let check = OperationInputCheck(client.service, "PutScheduledUpdateGroupAction")
        try check.notEmpty(action.groupName, "AutoScalingGroupName")
        try check.notEmpty(action.name, "ScheduledActionName")
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", action.groupName)
        parameters.add("ScheduledActionName", action.name)
        parameters.add("Recurrence", action.recurrence)
        parameters.add("StartTime", action.startTime.map { $0.formatted(.iso8601) })
        parameters.add("MinSize", action.minSize)
        parameters.add("MaxSize", action.maxSize)
        parameters.add("DesiredCapacity", action.desiredCapacity)
        parameters.add("TimeZone", action.timeZone)
        _ = try await client.query("PutScheduledUpdateGroupAction", parameters: parameters)
    }

    private func changeProcesses(_ operation: String, group: String, _ processes: [String]) async throws {
        let check = OperationInputCheck(client.service, operation)
        try check.notEmpty(group, "AutoScalingGroupName")
        guard !processes.isEmpty else { throw check.failure("no ScalingProcesses: an empty list means every process") }
        var parameters = QueryParameters()
        parameters.add("AutoScalingGroupName", group)
        parameters.addList("ScalingProcesses", processes)
        _ = try await client.query(operation, parameters: parameters)
    }
}
