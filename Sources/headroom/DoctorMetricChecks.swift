import AWSClient
import CapacityCore
import Controller
import Foundation
import MetricSources

/// Reads every policy's metrics once, through the same ``MetricSource``s the controller reads
/// them with: CloudWatch in each policy's Region, Prometheus at the configured URL.
struct DoctorMetricChecks {
    let configuration: AWSConfiguration
    let cloudWatch: Bool
    let prometheusURL: String?

    func check(_ set: PolicySet, into report: inout DoctorReport) async {
        var byRegion: [String: [(file: String, policy: CapacityPolicy)]] = [:]
        for (file, policy) in set.byFile.sorted(by: { $0.key < $1.key }) where policy.target != nil && !policy.metrics.isEmpty {
            byRegion[policy.region ?? configuration.region?.name ?? "", default: []].append((file, policy))
        }
        guard !byRegion.isEmpty else {
            report.skip("metric sources", "no policy reads a metric")
            return
        }
        let prometheus = prometheusSource(into: &report)
        for region in byRegion.keys.sorted() {
            let entries = byRegion[region] ?? []
            let router = MetricRouter(cloudWatch: cloudWatchSource(region: region), prometheus: prometheus)
            var queries: [MetricQuery] = []
            for entry in entries { queries += entry.policy.metrics.map { Self.asked($0.source) } }
            let now = Date()
            let readings = await router.latest(queries, at: now)
            var index = 0
            for entry in entries {
                for metric in entry.policy.metrics {
                    let reading = index < readings.count ? readings[index] : .unavailable("no reading returned")
                    index += 1
                    record(reading, of: metric, entry.policy, file: entry.file, region: region, now: now, into: &report)
                }
            }
        }
    }

    /// The query as doctor asks it: a CloudWatch gap is reported as one, even where the daemon
    /// reads it as zero, so that a metric that does not exist is not taken for a quiet one.
    static func asked(_ query: MetricQuery) -> MetricQuery {
        guard case .cloudWatch(var metric) = query else { return query }
        metric.missingData = .missing
        return .cloudWatch(metric)
    }

    private func prometheusSource(into report: inout DoctorReport) -> (any MetricSource)? {
        guard let prometheusURL else { return nil }
        do {
            guard let url = URL(string: prometheusURL) else { throw CommandFailure("'\(prometheusURL)' is not a URL") }
            return PrometheusMetricSource(client: try PrometheusClient(baseURL: url))
        } catch {
            report.fail("prometheus", "\(error)", fix: "give an absolute http(s) URL such as http://prometheus:9090")
            return nil
        }
    }

    private func cloudWatchSource(region: String) -> (any MetricSource)? {
        guard cloudWatch, let name = Region(region), let client = try? configuration.client(for: .cloudWatch, region: name) else {
            return nil
        }
        return CloudWatchMetricSource(client: CloudWatchClient(client: client))
    }

    private func record(
        _ reading: MetricReading, of metric: TargetTrackingMetric, _ policy: CapacityPolicy, file: String, region: String, now: Date,
        into report: inout DoctorReport
    ) {
        let label = "\(policy.target?.description ?? policy.name) metric \(metric.name)"
        switch reading.status {
        case .ok:
            let age = reading.age(at: now).map { ", \(Int($0.rounded())) s old" } ?? ""
            report.ok(label, "\(reading.value) against target \(metric.targetValue)\(age)")
        case .missing:
            if case .cloudWatch(let query) = metric.source, query.missingData == .zero {
                // A quiet service is what the setting is for; a misspelt metric looks the same.
                report.warn(
                    label, "no recent datapoint: the daemon reads 0 (MissingData: Zero), and scales in on it",
                    fix: "if the service had traffic, " + missingFix(metric.source, file: file, region: region))
            } else {
                report.fail(label, "no recent datapoint: Headroom will not scale in on this metric", fix: missingFix(metric.source, file: file, region: region))
            }
        case .unavailable(let reason):
            report.fail(label, reason, fix: unavailableFix(metric.source, file: file))
        }
    }

    private func missingFix(_ query: MetricQuery, file: String, region: String) -> String {
        switch query {
        case .cloudWatch(let metric):
            return "compare Namespace, MetricName and Dimensions in \(file) with "
                + "`aws cloudwatch list-metrics --namespace \(metric.namespace) --metric-name \(metric.metricName) --region \(region)`"
        case .prometheus:
            return "run the query of \(file) in Prometheus: it must return one series with a recent value"
        case .simulatedUtilization:
            return "simulated utilization exists only in `headroom simulate`"
        }
    }

    private func unavailableFix(_ query: MetricQuery, file: String) -> String {
        switch query {
        case .cloudWatch:
            return cloudWatch
                ? "allow cloudwatch:GetMetricData to this identity and check the network path to CloudWatch"
                : "the configuration turns CloudWatch off (MetricSources.CloudWatch: false), but \(file) reads it"
        case .prometheus:
            return prometheusURL == nil
                ? "set MetricSources.Prometheus.URL in the configuration, or pass --prometheus-url"
                : "check that \(prometheusURL ?? "") answers /api/v1/query from here"
        case .simulatedUtilization:
            return "give \(file) a CloudWatch or Prometheus metric; simulated utilization exists only in `headroom simulate`"
        }
    }
}
