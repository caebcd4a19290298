import CapacityCore
import Foundation
import PolicyFiles
import Testing

@Suite("Policy file problems, each at its line and column")
struct PolicyErrorTests {
    @Test("An unknown key is reported at the key, with the closest known key")
    func unknownKeyWithSuggestion() {
        expectOnlyProblem(
            minimalHead + "MinCapcity: 3\n", .unknownKey, line: 7, column: 1,
            "unknown key 'MinCapcity' in the policy", "did you mean 'MinCapacity'?")
    }

    @Test("An unknown key in a nested block names the block; case slips are suggested")
    func unknownNestedKey() {
        expectOnlyProblem(
            minimalHead + "  scaleInCooldown: 60\n", .unknownKey, line: 7, column: 3,
            "unknown key 'scaleInCooldown' in TargetTracking", "did you mean 'ScaleInCooldown'?")
    }

    @Test("An unknown key with nothing close lists the known keys")
    func unknownKeyWithoutSuggestion() {
        expectOnlyProblem(
            minimalHead + "WarmPool: {Banana: 1}\n", .unknownKey, line: 7, column: 12,
            "unknown key 'Banana' in WarmPool", "expected one of: MinSize, MaxGroupPreparedCapacity, PoolState, ReuseOnScaleIn")
    }

    @Test("Text where a whole number belongs is a type error at the value")
    func wrongType() {
        expectOnlyProblem(
            """
            MinCapacity: "two"
            MaxCapacity: 10
            TargetTracking: {Metrics: [{Name: load, TargetValue: 50}]}
            """, .wrongType, line: 1, column: 14, "MinCapacity must be a whole number", "\"two\"")
    }

    @Test("Other type errors: a fraction for a count, a list for a mapping, text for a boolean")
    func otherTypeErrors() {
        expectOnlyProblem(minimalHead.replacingOccurrences(of: "MaxCapacity: 10", with: "MaxCapacity: 2.5"),
            .wrongType, line: 2, column: 14, "MaxCapacity must be a whole number (found 2.5)")
        expectOnlyProblem(minimalHead + "WarmPool: [1, 2]\n", .wrongType, line: 7, column: 11, "WarmPool must be a mapping")
        expectOnlyProblem(minimalHead + "  DisableScaleIn: sometimes\n", .wrongType, line: 7, column: 19, "must be true or false")
        expectOnlyProblem(minimalHead.replacingOccurrences(of: "TargetValue: 50", with: "TargetValue: '50'"),
            .wrongType, line: 6, column: 20, "TargetValue must be a number", "the text \"50\"")
    }

    @Test("A negative capacity is out of range")
    func negativeCapacity() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "MinCapacity: 1", with: "MinCapacity: -1"),
            .outOfRange, line: 1, column: 14, "MinCapacity must not be negative (found -1)")
    }

    @Test("A capacity beyond the limit is out of range")
    func hugeCapacity() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "MaxCapacity: 10", with: "MaxCapacity: 5000000"),
            .outOfRange, line: 2, column: 14, "MaxCapacity must be at most 1000000")
    }

    @Test("A number that overflows Int is reported, not trapped")
    func overflow() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "MaxCapacity: 10", with: "MaxCapacity: 99999999999999999999"),
            .numberTooLarge, line: 2, column: 14, "MaxCapacity is too large")
        expectOnlyProblem(
            minimalHead + "  InstanceWarmup: 999999999999999999d\n",
            .numberTooLarge, line: 7, column: 19, "TargetTracking.InstanceWarmup is too large")
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "TargetValue: 50", with: "TargetValue: 1e999"),
            .outOfRange, line: 6, column: 20, "must be a finite number")
    }

    @Test("Octal and hexadecimal spellings are refused rather than silently converted")
    func nonDecimal() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "MaxCapacity: 10", with: "MaxCapacity: 010"),
            .invalidValue, line: 2, column: 14, "plain decimal number")
    }

    @Test("MinCapacity above MaxCapacity is reported at MinCapacity")
    func minAboveMax() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "MinCapacity: 1", with: "MinCapacity: 11"),
            .conflictingValues, line: 1, column: 14, "MinCapacity (11) must not be greater than MaxCapacity (10)")
    }

    @Test("A missing required key is reported where its mapping starts")
    func missingKeys() {
        expectOnlyProblem(
            "# a policy\nMaxCapacity: 10\nTargetTracking: {Metrics: [{Name: load, TargetValue: 50}]}\n",
            .missingKey, line: 2, column: 1, "the policy is missing the required key 'MinCapacity'")
        expectOnlyProblem(
            "MinCapacity: 1\nMaxCapacity: 10\nTargetTracking:\n  Metrics:\n    - Name: load\n",
            .missingKey, line: 5, column: 7, "TargetTracking.Metrics[0] is missing the required key 'TargetValue'")
        expectOnlyProblem(
            "MinCapacity: 1\nMaxCapacity: 10\nTargetTracking:\n  Metrics: []\n",
            .missingKey, line: 4, column: 12, "must list at least one metric")
    }

    @Test("TargetValue must be greater than zero")
    func targetValueNotPositive() {
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "TargetValue: 50", with: "TargetValue: 0"),
            .outOfRange, line: 6, column: 20, "TargetTracking.Metrics[0].TargetValue must be greater than 0 (found 0)")
        expectOnlyProblem(
            minimalHead.replacingOccurrences(of: "TargetValue: 50", with: "TargetValue: -3.5"),
            .outOfRange, line: 6, column: 20, "(found -3.5)")
    }

    @Test("Tolerance must be in [0, 1)")
    func tolerance() {
        expectOnlyProblem(minimalHead + "  Tolerance: 1\n", .outOfRange, line: 7, column: 14, "at least 0 and less than 1")
    }

    @Test("Duplicate metric names are reported at the second, naming the first's line")
    func duplicateMetricNames() {
        expectOnlyProblem(
            minimalHead + "    - Name: load\n      TargetValue: 10\n", .duplicateName, line: 7, column: 13,
            "metric name 'load' is already used at line 5")
    }

    @Test("A duplicated key is reported at its second occurrence")
    func duplicateKey() {
        expectOnlyProblem(
            minimalHead + "  Tolerance: 0.1\n  ScaleIn: {}\n  Tolerance: 0.2\n", .duplicateKey, line: 9, column: 3,
            "duplicate key 'Tolerance' (first given at line 7)")
    }

    @Test("Enum values are exact, with a suggestion")
    func enumValues() {
        expectOnlyProblem(
            "Kind: k8s-HPA\n" + minimalHead, .invalidValue, line: 1, column: 7,
            "Kind must be one of headroom, aws-target-tracking, k8s-hpa, static (found 'k8s-HPA')", "did you mean 'k8s-hpa'?")
        expectOnlyProblem(
            minimalHead + "      ValueType: Sum\n", .invalidValue, line: 7, column: 18, "must be one of Average, Total")
    }

    @Test("Target syntax: ecs:CLUSTER/SERVICE or asg:GROUP, with ECS name rules")
    func targetSyntax() {
        let withSource = minimalHead + "      Prometheus: {Query: up}\n"
        for bad in ["ecs:prod", "ecs:/api", "eks:prod/api", "ecs:prod/api/extra", "asg"] {
            expectOnlyProblem(
                "Target: \(bad)\n" + withSource, .invalidValue, line: 1, column: 9,
                "Target '\(bad)' must be ecs:CLUSTER/SERVICE or asg:GROUP_NAME")
        }
        expectOnlyProblem(
            "Target: ecs:prod/api.v2\n" + withSource, .invalidValue, line: 1, column: 9, "service name 'api.v2'")
        // Even an unparseable Target makes the policy one for the daemon, which needs a source.
        #expect(problems("Target: eks:prod/api\n" + minimalHead).map(\.code) == [.invalidValue, .missingKey])
    }

    @Test("A region that is not a region name")
    func region() {
        expectOnlyProblem("Region: Frankfurt\n" + minimalHead, .invalidValue, line: 1, column: 9, "not an AWS region name")
    }

    @Test("RoleArn must be an IAM role ARN; ExternalId needs a RoleArn")
    func role() {
        expectOnlyProblem("RoleArn: arn:aws:iam::12345:role/x\n" + minimalHead, .invalidValue, line: 1, column: 10, "not an IAM role ARN")
        expectOnlyProblem("RoleArn: arn:aws:iam::123456789012:user/x\n" + minimalHead, .invalidValue, line: 1, column: 10, "not an IAM role ARN")
        expectOnlyProblem("ExternalId: abc\n" + minimalHead, .conflictingValues, line: 1, column: 1, "add RoleArn")
    }

    @Test("A policy with a Target needs a metric source")
    func sourceRequiredWithTarget() {
        expectOnlyProblem(
            "Target: ecs:prod/api\n" + minimalHead, .missingKey, line: 6, column: 7,
            "TargetTracking.Metrics[0] needs a source, CloudWatch or Prometheus")
    }

    @Test("At most one source per metric")
    func twoSources() {
        expectOnlyProblem(
            minimalHead + "      CloudWatch: {Namespace: AWS/ECS, MetricName: CPUUtilization}\n      Prometheus: {Query: up}\n",
            .conflictingValues, line: 8, column: 7, "one source: CloudWatch or Prometheus, not both")
    }

    @Test("CloudWatch statistic and period follow GetMetricData's rules")
    func cloudWatchRules() {
        let head = minimalHead + "      CloudWatch:\n        Namespace: AWS/SQS\n        MetricName: ApproximateNumberOfMessagesVisible\n"
        expectOnlyProblem(head + "        Statistic: Avg\n", .invalidValue, line: 10, column: 20, "found 'Avg'")
        expectOnlyProblem(head + "        Period: 45\n", .invalidValue, line: 10, column: 17, "1, 5, 10, 30 or a multiple of 60")
        expectOnlyProblem(head + "        Dimensions: {QueueName: null}\n", .wrongType, line: 10, column: 33, "Dimensions.QueueName must be text")
        #expect(problems(head + "        Statistic: p99.9\n        Period: 5m\n").isEmpty)
        expectOnlyProblem(head + "        MissingData: zero\n", .invalidValue, line: 10, column: 22, "must be one of Missing, Zero (found 'zero'); did you mean 'Zero'?")
        let counted = try? policy(head + "        Statistic: Sum\n        MissingData: Zero\n")
        guard case .cloudWatch(let metric) = counted?.metrics.first?.source else {
            Issue.record("MissingData: Zero should load")
            return
        }
        #expect(metric.missingData == .zero)
        guard case .cloudWatch(let plain) = (try? policy(head))?.metrics.first?.source else {
            Issue.record("the head should load")
            return
        }
        #expect(plain.missingData == .missing, "no datapoint, no reading, unless the file says otherwise")
        expectOnlyProblem(
            minimalHead + "      CloudWatch: {MetricName: CPUUtilization}\n", .missingKey, line: 7, column: 19,
            "CloudWatch is missing the required key 'Namespace'")
    }

    @Test("Kind-specific keys: static needs FixedCapacity and forbids TargetTracking")
    func staticKind() {
        expectOnlyProblem(
            "Kind: static\nMinCapacity: 1\nMaxCapacity: 4\n", .missingKey, line: 1, column: 1,
            "missing the required key 'FixedCapacity'")
        expectOnlyProblem(
            "Kind: static\nFixedCapacity: 2\n" + minimalHead, .conflictingValues, line: 5, column: 1,
            "TargetTracking is not allowed here")
        expectOnlyProblem(
            "Kind: static\nMinCapacity: 1\nMaxCapacity: 4\nFixedCapacity: 5\n", .conflictingValues, line: 4, column: 16,
            "FixedCapacity (5) must lie between MinCapacity (1) and MaxCapacity (4)")
    }

    @Test("Kind-specific keys: tracking kinds need TargetTracking and forbid FixedCapacity")
    func trackingKinds() {
        expectOnlyProblem(
            "Kind: k8s-hpa\nMinCapacity: 1\nMaxCapacity: 4\n", .missingKey, line: 1, column: 1,
            "missing the required key 'TargetTracking'")
        expectOnlyProblem(
            minimalHead + "FixedCapacity: 3\n", .conflictingValues, line: 7, column: 1, "FixedCapacity is not allowed here")
    }

    @Test("A warm pool on an ECS service is refused")
    func warmPoolOnECS() {
        let yaml = "Target: ecs:prod/api\n" + minimalHead + "      Prometheus: {Query: up}\nWarmPool: {MinSize: 1}\n"
        expectOnlyProblem(yaml, .conflictingValues, line: 9, column: 1, "WarmPool applies to Auto Scaling groups")
    }

    @Test("Behavior rules: rate limits, ScaleIn percent, cooldown given twice, alarms")
    func behaviors() {
        expectOnlyProblem(
            minimalHead + "  ScaleIn:\n    Policies: [{Type: Percent, Value: 150, PeriodSeconds: 60}]\n", .outOfRange,
            line: 8, column: 39, "Value must be at most 100")
        expectOnlyProblem(
            minimalHead + "  ScaleOut:\n    Policies: [{Type: Pods, Value: 4, PeriodSeconds: 15}]\n", .invalidValue,
            line: 8, column: 23, "must be one of Units, Percent")
        expectOnlyProblem(
            minimalHead + "  ScaleInCooldown: 60\n  ScaleIn: {Cooldown: 30}\n", .conflictingValues, line: 8, column: 13,
            "both set the cooldown")
        expectOnlyProblem(
            minimalHead + "  ScaleOut: {Alarm: {Datapoints: 0}}\n", .outOfRange, line: 7, column: 34, "Datapoints must be at least 1")
        expectOnlyProblem(
            minimalHead + "  Fallback: {Capacity: 2}\n", .missingKey, line: 7, column: 13, "missing the required key 'FailureThreshold'")
    }

    @Test("Durations in the wrong shape")
    func durations() {
        expectOnlyProblem(
            minimalHead + "  ScaleInCooldown: 5 minutes\n", .wrongType, line: 7, column: 20,
            "number of seconds or a duration such as 90s, 15m, 11h or 1d")
        expectOnlyProblem(minimalHead + "  MaxMetricAge: -5\n", .outOfRange, line: 7, column: 17, "must not be negative")
    }

    @Test("A file that is not a mapping at the top")
    func topLevelNotMapping() {
        expectOnlyProblem("- MinCapacity: 1\n", .wrongType, line: 1, column: 1, "the policy must be a mapping of keys (found a list)")
    }

    @Test("Merge keys are refused with a clear message")
    func mergeKeys() {
        let merged = minimalHead + "WarmPool:\n  <<: {MinSize: 1}\n"
        expectOnlyProblem(merged, .unknownKey, line: 8, column: 3, "merge keys ('<<') are not supported")
    }

    @Test("Every problem in a file is reported, in file order")
    func allProblems() {
        let found = problems("""
            Kind: static-ish
            MinCapacity: -2
            MaxCapacity: lots
            Extra: 1
            """)
        #expect(found.map(\.line) == [1, 2, 3, 4])
        #expect(found.map(\.code) == [.invalidValue, .outOfRange, .wrongType, .unknownKey])
    }

    @Test("load throws the first problem as one line FILE:LINE:COLUMN: message")
    func loadThrowsFirst() {
        do {
            let yaml = minimalHead.replacingOccurrences(of: "MaxCapacity: 10", with: "MaxCapacity: x") + "Bad: 1\n"
            _ = try PolicyFileLoader.load(yaml: yaml, path: "p/api.yaml", reference: reference)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "p/api.yaml:2:14: MaxCapacity must be a whole number (found the text \"x\")")
        }
    }
}

@Suite("Limits that keep hostile files cheap")
struct PolicyLimitTests {
    @Test("Lists have a maximum length")
    func listLimits() {
        let metrics = (0..<51).map { "{Name: m\($0), TargetValue: 1}" }.joined(separator: ", ")
        expectOnlyProblem(
            "MinCapacity: 1\nMaxCapacity: 2\nTargetTracking:\n  Metrics: [\(metrics)]\n", .outOfRange, line: 4, column: 12,
            "TargetTracking.Metrics may list at most 50 items (found 51)")
    }

    @Test("Nesting deeper than libyaml's limit is a YAML error, not a stack overflow")
    func deepNesting() {
        let yaml = "MinCapacity: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        #expect(problems(yaml).map(\.code) == [.malformedYAML])
    }
}
