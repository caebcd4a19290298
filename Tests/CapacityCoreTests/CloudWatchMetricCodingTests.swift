import CapacityCore
import Foundation
import Testing

@Suite("CloudWatch metric coding")
struct CloudWatchMetricCodingTests {
    @Test func anEncodingFromBeforeMissingDataReadsAGapAsMissing() throws {
        let old = #"{"namespace":"AWS/ApplicationELB","metricName":"RequestCountPerTarget","dimensions":[],"statistic":"Sum","periodSeconds":60}"#
        let metric = try JSONDecoder().decode(CloudWatchMetric.self, from: Data(old.utf8))
        #expect(metric.missingData == .missing)
        #expect(metric.statistic == "Sum" && metric.periodSeconds == 60)
    }

    @Test func missingDataRoundTrips() throws {
        let metric = CloudWatchMetric(
            namespace: "AWS/ApplicationELB", metricName: "RequestCountPerTarget", dimensions: [.init(name: "TargetGroup", value: "tg")],
            statistic: "Sum", missingData: .zero)
        let decoded = try JSONDecoder().decode(CloudWatchMetric.self, from: JSONEncoder().encode(metric))
        #expect(decoded == metric)
    }
}
