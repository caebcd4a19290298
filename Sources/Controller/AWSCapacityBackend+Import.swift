import AWSClient
import CapacityCore
import Foundation
import PolicyFiles

/// `headroom policy import`: reads the scaling AWS has for a target and translates it into an
/// ``ImportedPolicy``.
extension AWSCapacityBackend {
    /// The Headroom policy equivalent to AWS's scaling of `target`; `now` decides which
    /// one-time scheduled actions are already past (and so not imported).
    /// - Throws: ``TargetError`` when AWS cannot be read, the target has no bounds in AWS, or
    ///   it has no target-tracking policy Headroom can carry over.
    public func importPolicy(_ target: TargetReference, region: String?, now: Date) async throws(TargetError) -> ImportedPolicy {
        var imported: ImportedPolicy
        do {
            switch target {
            case .ecsService(let cluster, let service):
                imported = try await importECS(target, cluster: cluster, service: service, region: region, now: now)
            case .autoScalingGroup(let name):
                imported = try await importGroup(target, name: name, region: region, now: now)
            }
        } catch {
            throw TargetError(error, target: target, while: "reading what AWS has for it")
        }
        guard !imported.metrics.isEmpty else {
            let why = imported.notes.isEmpty ? "" : " (" + imported.notes.joined(separator: "; ") + ")"
            throw .invalid(
                "\(target): \(imported.service) has no target-tracking policy Headroom can import\(why); "
                    + "start from `headroom policy new` instead")
        }
        imported.notes = imported.notes.filter { !$0.isEmpty }
        return imported
    }

    private func importECS(
        _ target: TargetReference, cluster: String, service: String, region: String?, now: Date
    ) async throws -> ImportedPolicy {
        let id = ApplicationAutoScaling.TargetID.ecsService(cluster: cluster, service: service)
        guard let scalable = try await applicationAutoScaling.describeScalableTarget(id) else {
            throw TargetError.notFound("\(target): Application Auto Scaling has no scalable target for it, so AWS does not scale it")
        }
        let (policies, actions) = try await applicationAutoScalingPoliciesAndActions(of: id)

        var imported = ImportedPolicy(
            target: target, region: region, service: "Application Auto Scaling",
            minCapacity: scalable.minCapacity, maxCapacity: scalable.maxCapacity, metrics: [])
        var outCooldowns: [Int] = []
        var inCooldowns: [Int] = []
        for policy in policies {
            guard policy.policyType == "TargetTrackingScaling", let tracking = policy.targetTracking else {
                imported.notes.append("AWS policy '\(policy.name)' is \(policy.policyType), which Headroom has no equivalent for")
                continue
            }
            let custom = tracking.customizedMetric.map { custom in
                CustomizedMetric(
                    namespace: custom.namespace, metricName: custom.metricName,
                    dimensions: (custom.dimensions ?? []).map { .init(name: $0.name, value: $0.value) },
                    statistic: custom.statistic, usesMetricMath: custom.usesMetricMath)
            }
            guard
                let (metric, origin) = Self.trackedMetric(
                    policy: policy.name, predefinedType: tracking.predefinedMetric?.type,
                    resourceLabel: tracking.predefinedMetric?.resourceLabel, customized: custom, target: target, notes: &imported.notes)
            else { continue }
            imported.metrics.append(.init(
                name: policy.name, origin: origin, metric: metric, targetValue: tracking.targetValue,
                disableScaleIn: tracking.disableScaleIn ?? false))
            // Application Auto Scaling's default cooldown for ECS services is 300 s each way.
            outCooldowns.append(tracking.scaleOutCooldown ?? 300)
            inCooldowns.append(tracking.scaleInCooldown ?? 300)
        }
        imported.scaleOutCooldownSeconds = outCooldowns.min()
        imported.scaleInCooldownSeconds = inCooldowns.max()
        if Set(outCooldowns).count > 1 || Set(inCooldowns).count > 1 {
            imported.notes.append(
                "the policies' own cooldowns differ; Headroom has one per direction: the shortest scale-out and longest scale-in")
        }
        for action in actions {
            let bounds = action.scalableTargetAction
            imported.appendSchedule(
                name: action.name, expression: action.schedule, timeZone: action.timezone, startTime: action.startTime,
                endTime: action.endTime, minCapacity: bounds?.minCapacity, maxCapacity: bounds?.maxCapacity, now: now)
        }
        return imported
    }

    private func importGroup(_ target: TargetReference, name: String, region: String?, now: Date) async throws -> ImportedPolicy {
        guard let group = try await autoScaling.describeAutoScalingGroups(names: [name]).first(where: { $0.name == name }) else {
            throw TargetError.notFound("\(target): no Auto Scaling group named '\(name)' in this region")
        }
        let policies = try await autoScaling.describePolicies(group: name).filter { $0.groupName == name }
        let actions = try await autoScaling.describeScheduledActions(group: name).filter { $0.groupName == name }
        var imported = ImportedPolicy(
            target: target, region: region, service: "EC2 Auto Scaling", minCapacity: group.minSize, maxCapacity: group.maxSize,
            metrics: [])
        var warmups: [Int] = []
        for policy in policies where policy.enabled != false {
            guard policy.policyType == "TargetTrackingScaling", let tracking = policy.targetTracking else {
                imported.notes.append("AWS policy '\(policy.name)' is \(policy.policyType), which Headroom has no equivalent for")
                continue
            }
            let custom = tracking.customizedMetric.map { custom in
                CustomizedMetric(
                    namespace: custom.namespace, metricName: custom.metricName,
                    dimensions: custom.dimensions.map { .init(name: $0.name, value: $0.value) },
                    statistic: custom.statistic, usesMetricMath: custom.usesMetricMath)
            }
            guard
                let (metric, origin) = Self.trackedMetric(
                    policy: policy.name, predefinedType: tracking.predefinedMetricType, resourceLabel: tracking.resourceLabel,
                    customized: custom, target: target, notes: &imported.notes)
            else { continue }
            imported.metrics.append(.init(
                name: policy.name, origin: origin, metric: metric, targetValue: tracking.targetValue,
                disableScaleIn: tracking.disableScaleIn ?? false))
            if let warmup = policy.estimatedInstanceWarmup { warmups.append(warmup) }
        }
        imported.instanceWarmupSeconds = warmups.max()
        for action in actions {
            if let desired = action.desiredCapacity {
                imported.notes.append(
                    "scheduled action '\(action.name)' also sets the desired capacity to \(desired) once; "
                        + "Headroom's DesiredFloor holds a floor instead, add one if that is what it is for")
            }
            let expression: String
            if let recurrence = action.recurrence {
                expression = "cron(\(recurrence))"
            } else if let time = action.time ?? action.startTime {
                // A one-time action's moment is its StartTime (AWS no longer fills Time).
                expression = "at(\(Self.utcWallClock(time)))"
            } else {
                imported.notes.append("scheduled action '\(action.name)' has neither a recurrence nor a time")
                continue
            }
            imported.appendSchedule(
                name: action.name, expression: expression, timeZone: action.recurrence == nil ? nil : action.timeZone,
                startTime: action.recurrence == nil ? nil : action.startTime, endTime: action.endTime,
                minCapacity: action.minSize, maxCapacity: action.maxSize, now: now)
        }
        return imported
    }

    /// A customized metric as either service describes it.
    struct CustomizedMetric {
        var namespace: String?
        var metricName: String?
        var dimensions: [CloudWatchMetric.Dimension]
        var statistic: String?
        var usesMetricMath: Bool
    }

    /// The CloudWatch metric a target-tracking policy tracks and what to call it there, or `nil`
    /// with a note saying why Headroom cannot read it. Both services' policies name it alike.
    static func trackedMetric(
        policy: String, predefinedType: String?, resourceLabel: String?, customized: CustomizedMetric?, target: TargetReference,
        notes: inout [String]
    ) -> (metric: CloudWatchMetric, origin: String)? {
        if let type = predefinedType {
            guard let known = predefinedMetric(type, label: resourceLabel, target: target) else {
                notes.append("AWS policy '\(policy)' tracks \(type), which Headroom cannot read")
                return nil
            }
            return (known, type)
        }
        guard let custom = customized, !custom.usesMetricMath, let namespace = custom.namespace, let name = custom.metricName else {
            notes.append("AWS policy '\(policy)' tracks a metric-math expression, which Headroom cannot read")
            return nil
        }
        let metric = CloudWatchMetric(
            namespace: namespace, metricName: name, dimensions: custom.dimensions, statistic: custom.statistic ?? "Average")
        return (metric, "\(namespace) \(name)")
    }

    /// `2026-03-01T08:00:00`: `date` in UTC without a zone, as `at(…)` takes it.
    static func utcWallClock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(String(format: "%04d", parts.year ?? 0))-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    /// The CloudWatch metric behind a predefined metric type, as AWS target tracking reads it.
    static func predefinedMetric(_ type: String, label: String?, target: TargetReference) -> CloudWatchMetric? {
        switch (type, target) {
        case ("ECSServiceAverageCPUUtilization", .ecsService(let cluster, let service)):
            return CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [
                .init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service),
            ])
        case ("ECSServiceAverageMemoryUtilization", .ecsService(let cluster, let service)):
            return CloudWatchMetric(namespace: "AWS/ECS", metricName: "MemoryUtilization", dimensions: [
                .init(name: "ClusterName", value: cluster), .init(name: "ServiceName", value: service),
            ])
        case ("ASGAverageCPUUtilization", .autoScalingGroup(let name)):
            return CloudWatchMetric(namespace: "AWS/EC2", metricName: "CPUUtilization", dimensions: [.init(name: "AutoScalingGroupName", value: name)])
        case ("ASGAverageNetworkIn", .autoScalingGroup(let name)):
            return CloudWatchMetric(namespace: "AWS/EC2", metricName: "NetworkIn", dimensions: [.init(name: "AutoScalingGroupName", value: name)])
        case ("ASGAverageNetworkOut", .autoScalingGroup(let name)):
            return CloudWatchMetric(namespace: "AWS/EC2", metricName: "NetworkOut", dimensions: [.init(name: "AutoScalingGroupName", value: name)])
        case ("ALBRequestCountPerTarget", _):
            // The label is app/LB/ID/targetgroup/TG/ID; the metric's dimension is the target group part.
            guard let label, let range = label.range(of: "targetgroup/") else { return nil }
            return CloudWatchMetric(
                namespace: "AWS/ApplicationELB", metricName: "RequestCountPerTarget",
                dimensions: [.init(name: "TargetGroup", value: String(label[range.lowerBound...]))], statistic: "Sum")
        default:
            return nil
        }
    }
}

extension ImportedPolicy {
    /// Adds a scheduled action, or a note saying why it cannot be: no bounds to set, or a
    /// schedule Headroom does not read or that never fires again.
    mutating func appendSchedule(
        name: String, expression: String, timeZone: String?, startTime: Date?, endTime: Date?, minCapacity: Int?,
        maxCapacity: Int?, now: Date
    ) {
        guard minCapacity != nil || maxCapacity != nil else {
            notes.append("scheduled action '\(name)' sets no bounds")
            return
        }
        do {
            let parsed = try ScheduleExpression.parse(expression)
            try parsed.validateFires(from: max(now, startTime ?? now), in: TimeZone(identifier: timeZone ?? "UTC") ?? .gmt)
        } catch {
            notes.append("scheduled action '\(name)' (\(expression)): \(error.message); its bounds are today's MinCapacity and MaxCapacity")
            return
        }
        if let endTime, endTime <= now {
            notes.append("scheduled action '\(name)' ended at \(endTime.formatted(.iso8601))")
            return
        }
        schedules.append(.init(
            name: name, expression: expression, timeZone: timeZone, startTime: startTime, endTime: endTime,
            minCapacity: minCapacity, maxCapacity: maxCapacity))
    }
}
