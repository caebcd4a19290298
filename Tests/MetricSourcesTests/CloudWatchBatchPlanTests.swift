import AWSClient
import CapacityCore
import Foundation
import Testing

@testable import MetricSources

@Suite("CloudWatch batch planning")
struct CloudWatchBatchPlanTests {
    static let now = Date(timeIntervalSince1970: 1_767_571_230)  // 2026-01-05T00:00:30Z

    static func metric(_ index: Int, period: Int = 60, statistic: String = "Average") -> MetricQuery {
        .cloudWatch(CloudWatchMetric(
            namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: [.init(name: "ClusterName", value: "prod"), .init(name: "ServiceName", value: "svc\(index)")],
            statistic: statistic, periodSeconds: period))
    }

    static func plan(_ queries: [MetricQuery], maxPerCall: Int = 500) -> CloudWatchBatchPlan {
        CloudWatchBatchPlan(queries: queries, now: now, lookbackPeriods: 3, minimumLookback: 300, maxQueriesPerCall: maxPerCall)
    }

    @Test func identicalQueriesAreAskedOnceEvenWithDimensionsInAnotherOrder() throws {
        let reordered = MetricQuery.cloudWatch(CloudWatchMetric(
            namespace: "AWS/ECS", metricName: "CPUUtilization",
            dimensions: [.init(name: "ServiceName", value: "svc1"), .init(name: "ClusterName", value: "prod")]))
        let plan = Self.plan([Self.metric(1), Self.metric(2), reordered, Self.metric(1)])
        #expect(plan.calls.count == 1)
        #expect(plan.calls[0].queries.count == 2)
        guard case .asked(_, let first, _, _, _) = plan.slots[0], case .asked(_, let third, _, _, _) = plan.slots[2],
            case .asked(_, let fourth, _, _, _) = plan.slots[3], case .asked(_, let second, _, _, _) = plan.slots[1]
        else {
            Issue.record("every query should be asked: \(plan.slots)")
            return
        }
        #expect(first == third && first == fourth)
        #expect(first != second)
        // Sent sorted by dimension name.
        #expect(plan.calls[0].queries[0].metricStat?.metric.dimensions.map(\.name) == ["ClusterName", "ServiceName"])
    }

    @Test func fiveHundredQueriesPerCallAtMost() {
        let plan = Self.plan((0..<1001).map { Self.metric($0) })
        #expect(plan.calls.map(\.queries.count) == [500, 500, 1])
        let ids = plan.calls.flatMap { $0.queries.map(\.id) }
        #expect(Set(ids).count == 1001)
        #expect(ids.allSatisfy(CloudWatch.isValidQueryID))
    }

    @Test func aSmallerConfiguredBatchIsHonoured() {
        let plan = Self.plan((0..<5).map { Self.metric($0) }, maxPerCall: 2)
        #expect(plan.calls.map(\.queries.count) == [2, 2, 1])
    }

    @Test func windowLooksBackThreePeriodsOrFiveMinutesAlignedToThePeriods() {
        // One-minute metrics: 5 minutes back (more than 3 periods), aligned to the minute.
        let oneMinute = Self.plan([Self.metric(0)])
        #expect(oneMinute.calls[0].startTime == Date(timeIntervalSince1970: 1_767_571_200 - 300))
        #expect(oneMinute.calls[0].endTime == Self.now)
        // Five-minute metrics: 15 minutes back, aligned to five minutes.
        let fiveMinutes = Self.plan([Self.metric(0, period: 300)])
        #expect(fiveMinutes.calls[0].startTime == Date(timeIntervalSince1970: 1_767_571_200 - 900))
        // Mixed: one call, start aligned to both periods, covering the longest look-back.
        let mixed = Self.plan([Self.metric(0, period: 60), Self.metric(1, period: 300)])
        #expect(mixed.calls.count == 1)
        let start = mixed.calls[0].startTime.timeIntervalSince1970
        #expect(start.truncatingRemainder(dividingBy: 300) == 0)
        #expect(start <= Self.now.timeIntervalSince1970 - 900)
        guard case .asked(_, _, let period, let lookback, _) = mixed.slots[0] else {
            Issue.record("not asked")
            return
        }
        #expect(period == 60 && lookback == 300)
    }

    @Test func invalidQueriesAreAnsweredWithoutACall() {
        let badPeriod = MetricQuery.cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "CPUUtilization", dimensions: [], periodSeconds: 45))
        let noName = MetricQuery.cloudWatch(CloudWatchMetric(namespace: "AWS/ECS", metricName: "", dimensions: []))
        let plan = Self.plan([badPeriod, .prometheus(query: "up"), noName])
        #expect(plan.calls.isEmpty)
        for slot in plan.slots {
            guard case .answered(let reading) = slot, case .unavailable(let reason) = reading.status else {
                Issue.record("expected an unavailable reading, got \(slot)")
                continue
            }
            #expect(!reason.isEmpty)
        }
        if case .answered(let reading) = plan.slots[0], case .unavailable(let reason) = reading.status {
            #expect(reason.contains("period 45"))
        }
    }
}

@Suite("CloudWatch readings from a GetMetricData result")
struct CloudWatchReadingTests {
    static let now = Date(timeIntervalSince1970: 1_767_571_230)  // 00:00:30, so the 00:00 minute is open

    static func outcome(_ timestamps: [Double], _ values: [Double], status: CloudWatch.StatusCode? = .complete)
        -> Result<CloudWatch.GetMetricDataOutput, CloudWatchMetricSource.CallFailure>
    {
        .success(CloudWatch.GetMetricDataOutput(results: [
            CloudWatch.MetricDataResult(
                id: "m0", timestamps: timestamps.map { Date(timeIntervalSince1970: $0) }, values: values, statusCode: status)
        ]))
    }

    @Test func theNewestCompletePeriodWinsAndTheOpenOneIsSkipped() {
        let base = 1_767_571_200.0
        let reading = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([base, base - 60, base - 120], [99, 42, 41]), period: 60, lookback: 300, now: Self.now)
        #expect(reading == .value(42, at: Date(timeIntervalSince1970: base - 60), periodSeconds: 60))
    }

    @Test func orderOfDatapointsDoesNotMatter() {
        let base = 1_767_571_200.0
        let reading = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([base - 180, base - 60, base - 120], [1, 3, 2]), period: 60, lookback: 300, now: Self.now)
        #expect(reading.value == 3)
    }

    @Test func datapointsOlderThanTheLookBackAreMissing() {
        let reading = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([1_767_571_200.0 - 600], [5]), period: 60, lookback: 300, now: Self.now)
        #expect(reading.status == .missing)
    }

    @Test func anEmptyResultIsMissingAndAFailedStatusIsUnavailable() {
        #expect(CloudWatchMetricSource.reading(of: "m0", in: Self.outcome([], []), period: 60, lookback: 300, now: Self.now).status == .missing)
        let forbidden = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([1_767_571_140], [1], status: .forbidden), period: 60, lookback: 300, now: Self.now)
        #expect(forbidden.status == .unavailable(reason: "CloudWatch answered Forbidden for this metric"))
        let absent = CloudWatchMetricSource.reading(of: "m9", in: Self.outcome([], []), period: 60, lookback: 300, now: Self.now)
        #expect(absent.status == .unavailable(reason: "CloudWatch returned no result for this metric"))
    }

    @Test func withMissingDataZeroAnEmptyAnswerReadsZeroForTheNewestCompletePeriod() {
        // 00:00:30: the newest complete one-minute period began at 23:59:00.
        let empty = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([], []), period: 60, lookback: 300, now: Self.now, missingData: .zero)
        #expect(empty == .value(0, at: Date(timeIntervalSince1970: 1_767_571_140), periodSeconds: 60))
        // A datapoint, when there is one, is the reading.
        let counted = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([1_767_571_140], [7]), period: 60, lookback: 300, now: Self.now, missingData: .zero)
        #expect(counted.value == 7)
        // What failed stays unavailable: zero is for "nothing to count", not for "no answer".
        let forbidden = CloudWatchMetricSource.reading(
            of: "m0", in: Self.outcome([], [], status: .forbidden), period: 60, lookback: 300, now: Self.now, missingData: .zero)
        #expect(forbidden.status == .unavailable(reason: "CloudWatch answered Forbidden for this metric"))
        let failed = CloudWatchMetricSource.reading(
            of: "m0", in: .failure(.init(reason: "throttled")), period: 60, lookback: 300, now: Self.now, missingData: .zero)
        #expect(failed.status == .unavailable(reason: "throttled"))
    }

    @Test func oneMetricAskedOnceStillReadsAGapAsEachQueryWants() throws {
        guard case .cloudWatch(var counted) = CloudWatchBatchPlanTests.metric(1) else { return }
        counted.missingData = .zero
        let plan = CloudWatchBatchPlanTests.plan([CloudWatchBatchPlanTests.metric(1), .cloudWatch(counted)])
        #expect(plan.calls.count == 1 && plan.calls[0].queries.count == 1)
        guard case .asked(_, let first, _, _, let plain) = plan.slots[0], case .asked(_, let second, _, _, let zero) = plan.slots[1] else {
            Issue.record("both queries should be asked: \(plan.slots)")
            return
        }
        #expect(first == second)
        #expect(plain == .missing && zero == .zero)
    }
}
