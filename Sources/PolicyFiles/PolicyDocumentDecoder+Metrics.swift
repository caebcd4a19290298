import CapacityCore
import Yams

extension PolicyDocumentDecoder {
    static let metricKeys = ["Name", "TargetValue", "ValueType", "ActivationValue", "DisableScaleIn", "CloudWatch", "Prometheus"]
    static let cloudWatchKeys = ["Namespace", "MetricName", "Dimensions", "Statistic", "Period", "MissingData"]
    static let prometheusKeys = ["Query"]
    static let valueTypes: KeyValuePairs<String, TargetTrackingMetric.ValueType> = ["Average": .average, "Total": .total]
    static let namedStatistics = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"]
    static let missingDataModes: KeyValuePairs<String, CloudWatchMetric.MissingData> = ["Missing": .missing, "Zero": .zero]

    /// `TargetTracking.Metrics`: at least one, with unique names. `nil` when any is unusable.
    mutating func metrics(in map: YAMLMapping, scales: String?) -> [TargetTrackingMetric]? {
        guard let entry = reader.require("Metrics", in: map), let items = reader.sequence("Metrics", in: map, limit: PolicyLimits.metrics) else { return nil }
        guard !items.isEmpty else {
            reader.report(.missingKey, at: entry.valuePosition, "\(entry.path) must list at least one metric")
            return nil
        }
        var metrics: [TargetTrackingMetric] = []
        var firstUse: [String: SourcePosition] = [:]
        var complete = true
        for (index, item) in items.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let metricMap = reader.mapping(item, path: path, name: path, keys: Self.metricKeys) else {
                complete = false
                continue
            }
            let nameEntry = reader.require("Name", in: metricMap)
            let name = nameEntry.flatMap { reader.text($0) }
            if let nameEntry, let name {
                if let earlier = firstUse[name] {
                    reader.report(
                        .duplicateName, at: nameEntry.valuePosition,
                        "metric name '\(name)' is already used at line \(earlier.line); metric names must be unique")
                } else {
                    firstUse[name] = nameEntry.valuePosition
                }
            }
            if let metric = self.metric(metricMap, name: name, scales: scales) {
                metrics.append(metric)
            } else {
                complete = false
            }
        }
        return complete ? metrics : nil
    }

    private mutating func metric(_ map: YAMLMapping, name: String?, scales: String?) -> TargetTrackingMetric? {
        let targetValue = reader.require("TargetValue", in: map).flatMap { _ in
            reader.number("TargetValue", in: map, range: .positive)
        }
        let valueType = reader.choice("ValueType", in: map, Self.valueTypes)
        let activation = reader.number("ActivationValue", in: map, range: .nonNegative)
        let disableScaleIn = reader.boolean("DisableScaleIn", in: map)
        let source = self.source(map, scales: scales)
        guard let name, let targetValue, let source else { return nil }
        return TargetTrackingMetric(
            name: name, source: source, targetValue: targetValue, valueType: valueType ?? .average,
            activationValue: activation ?? 0, disableScaleIn: disableScaleIn ?? false)
    }

    // MARK: Sources

    /// At most one of CloudWatch and Prometheus; neither means the simulator's utilization,
    /// which only a policy without a Target can use.
    private mutating func source(_ map: YAMLMapping, scales: String?) -> MetricQuery? {
        switch (map["CloudWatch"], map["Prometheus"]) {
        case (nil, nil):
            if let scales {
                reader.report(
                    .missingKey, at: map.position,
                    "\(map.name) needs a source, CloudWatch or Prometheus: only a policy without a Target "
                        + "(simulation only) may track simulated utilization, and this one scales \(scales)")
                return nil
            }
            return .simulatedUtilization
        case (.some, .some(let second)):
            reader.report(.conflictingValues, at: second.keyPosition, "\(map.name) may have one source: CloudWatch or Prometheus, not both")
            return nil
        case (.some, nil):
            return cloudWatch(map).map { .cloudWatch($0) }
        case (nil, .some):
            guard let block = reader.mapping("Prometheus", in: map, keys: Self.prometheusKeys),
                let entry = reader.require("Query", in: block),
                let query = reader.text(entry, multiline: true)
            else { return nil }
            return .prometheus(query: query)
        }
    }

    private mutating func cloudWatch(_ map: YAMLMapping) -> CloudWatchMetric? {
        guard let block = reader.mapping("CloudWatch", in: map, keys: Self.cloudWatchKeys) else { return nil }
        let namespace = reader.require("Namespace", in: block).flatMap { reader.text($0) }
        let metricName = reader.require("MetricName", in: block).flatMap { reader.text($0) }
        let dimensions = self.dimensions(block)
        let statistic = self.statistic(block)
        let period = self.period(block)
        // `Missing` by default: no datapoint, no reading.
        let missingData = block["MissingData"] == nil ? .missing : reader.choice("MissingData", in: block, Self.missingDataModes)
        guard let namespace, let metricName, let dimensions, let statistic, let period, let missingData else { return nil }
        return CloudWatchMetric(
            namespace: namespace, metricName: metricName, dimensions: dimensions, statistic: statistic, periodSeconds: period,
            missingData: missingData)
    }

    private mutating func dimensions(_ block: YAMLMapping) -> [CloudWatchMetric.Dimension]? {
        guard let entries = reader.openMapping("Dimensions", in: block) else {
            return block["Dimensions"] == nil ? [] : nil
        }
        if entries.count > 30, let first = entries.first {
            reader.report(.outOfRange, at: first.keyPosition, "CloudWatch allows at most 30 dimensions (found \(entries.count))")
            return nil
        }
        var dimensions: [CloudWatchMetric.Dimension] = []
        var complete = true
        for entry in entries {
            if let value = reader.text(entry) {
                dimensions.append(.init(name: entry.key, value: value))
            } else {
                complete = false
            }
        }
        return complete ? dimensions : nil
    }

    /// `Average`, `Sum`, `Minimum`, `Maximum`, `SampleCount`, or a percentile-style statistic
    /// such as `p90`, `p99.9`, `tm95`.
    private mutating func statistic(_ block: YAMLMapping) -> String? {
        guard let entry = block["Statistic"] else { return "Average" }
        guard let text = reader.text(entry) else { return nil }
        if Self.namedStatistics.contains(text) || Self.isPercentileStatistic(text) { return text }
        let hint = KeySuggestion.closest(to: text, among: Self.namedStatistics).map { "; did you mean '\($0)'?" } ?? ""
        reader.report(
            .invalidValue, at: entry.valuePosition,
            "\(entry.path) must be Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p90 (found '\(text)')\(hint)")
        return nil
    }

    static func isPercentileStatistic(_ text: String) -> Bool {
        for prefix in ["p", "tm", "wm", "tc", "ts"] where text.hasPrefix(prefix) {
            let number = text.dropFirst(prefix.count)
            guard let first = number.first, first.isASCII, first.isNumber, let value = Double(number) else { return false }
            return value >= 0 && value <= 100
        }
        return false
    }

    /// GetMetricData periods: 1, 5, 10, 30 (high-resolution metrics) or a multiple of 60.
    private mutating func period(_ block: YAMLMapping) -> Int? {
        guard let entry = block["Period"] else { return 60 }
        guard let period = reader.seconds("Period", in: block, range: PolicyLimits.period) else { return nil }
        guard [1, 5, 10, 30].contains(period) || period % 60 == 0 else {
            reader.report(.invalidValue, at: entry.valuePosition, "\(entry.path) must be 1, 5, 10, 30 or a multiple of 60 seconds (found \(period))")
            return nil
        }
        return period
    }
}
