import AWSClient
import Foundation
import Logging
import MetricSources
import PolicyFiles

/// Builds the metric sources the configuration names.
enum MetricSourceAssembly {
    /// CloudWatch in `region` (the configuration's when `nil`) with `aws`'s credentials, and Prometheus.
    static func router(configuration: DaemonConfiguration, aws: AWSConfiguration, region: Region? = nil, logger: Logger) throws -> MetricRouter {
        var router = MetricRouter()
        if configuration.cloudWatch {
            let client = CloudWatchClient(client: try aws.client(for: .cloudWatch, region: region))
            router.cloudWatch = CloudWatchMetricSource(client: client, logger: logger)
        }
        if let text = configuration.prometheusURL {
            guard let url = URL(string: text) else { throw DaemonStartError("Prometheus URL '\(text)' is not a URL") }
            router.prometheus = PrometheusMetricSource(client: try PrometheusClient(baseURL: url), logger: logger)
        }
        return router
    }
}
