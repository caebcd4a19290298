import AWSClient
import CapacityCore
import Foundation
import Logging

/// Reads CloudWatch metrics with `GetMetricData`, every target's metrics of a tick together.
///
/// Identical queries are asked once and packed up to 500 per call; a call looks back
/// ``Configuration/lookbackPeriods`` periods of its metrics (at least
/// ``Configuration/minimumLookbackSeconds``). Each metric's reading is its newest *complete*
/// datapoint: one whose period has ended at the tick's time, since the still-open period
/// holds only part of its samples (a sum would read low, an average would jump). A metric
/// with no datapoint in the window reads ``MetricReading/missing`` (0 with `MissingData: Zero`,
/// ``CapacityCore/CloudWatchMetric/MissingData/zero``); a failed call makes its
/// metrics ``MetricReading/Status/unavailable(reason:)``. Nothing throws for one metric.
///
/// ```swift
/// let aws = try AWSConfiguration(environment: ProcessInfo.processInfo.environment)
/// let cloudWatch = CloudWatchMetricSource(client: CloudWatchClient(client: try aws.client(for: .cloudWatch)))
/// let readings = await cloudWatch.latest(queries, at: Date())
/// ```
public struct CloudWatchMetricSource: MetricSource, MetricHistorySource {
    /// How the source reads.
    public struct Configuration: Sendable, Hashable {
        /// How many periods of each metric a read looks back (default 3).
        public var lookbackPeriods: Int
        /// The shortest look-back, in seconds (default 300): metrics with a one-minute period
        /// are often a few minutes late.
        public var minimumLookbackSeconds: Int
        /// Queries per GetMetricData call, at most 500 (CloudWatch's limit).
        public var maxQueriesPerCall: Int
        /// Calls in flight at once when a tick needs several.
        public var maxConcurrentCalls: Int
        /// `NextToken` pages followed per call before giving up.
        public var maxPagesPerCall: Int

        public init(
            lookbackPeriods: Int = 3, minimumLookbackSeconds: Int = 300, maxQueriesPerCall: Int = CloudWatchClient.maxQueriesPerCall,
            maxConcurrentCalls: Int = 4, maxPagesPerCall: Int = 20
        ) {
            self.lookbackPeriods = max(1, lookbackPeriods)
            self.minimumLookbackSeconds = max(0, minimumLookbackSeconds)
            self.maxQueriesPerCall = min(max(1, maxQueriesPerCall), CloudWatchClient.maxQueriesPerCall)
            self.maxConcurrentCalls = max(1, maxConcurrentCalls)
            self.maxPagesPerCall = max(1, maxPagesPerCall)
        }
    }

    /// The CloudWatch client calls go through.
    public let client: CloudWatchClient
    /// How the source reads.
    public let configuration: Configuration
    let logger: Logger

    /// Creates a source.
    public init(client: CloudWatchClient, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "headroom.metrics.cloudwatch")) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    public func latest(_ queries: [MetricQuery], at time: Date) async -> [MetricReading] {
        let plan = CloudWatchBatchPlan(
            queries: queries, now: time, lookbackPeriods: configuration.lookbackPeriods,
            minimumLookback: configuration.minimumLookbackSeconds, maxQueriesPerCall: configuration.maxQueriesPerCall
        )
        let outcomes = await perform(plan.calls)
        return plan.slots.map { slot in
            switch slot {
            case .answered(let reading):
                return reading
            case .asked(let call, let id, let period, let lookback, let missingData):
                return Self.reading(of: id, in: outcomes[call], period: period, lookback: lookback, now: time, missingData: missingData)
            }
        }
    }

    /// Runs the calls, at most ``Configuration/maxConcurrentCalls`` at a time; one outcome per call.
    private func perform(_ calls: [CloudWatchBatchPlan.Call]) async -> [Result<CloudWatch.GetMetricDataOutput, CallFailure>] {
        var outcomes = [Result<CloudWatch.GetMetricDataOutput, CallFailure>](
            repeating: .failure(CallFailure(reason: "not called")), count: calls.count)
        await withTaskGroup(of: (Int, Result<CloudWatch.GetMetricDataOutput, CallFailure>).self) { group in
            var next = 0
            func startNext() {
                guard next < calls.count else { return }
                let index = next
                let call = calls[index]
                next += 1
                group.addTask { (index, await self.perform(call)) }
            }
            for _ in 0..<configuration.maxConcurrentCalls { startNext() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                startNext()
            }
        }
        return outcomes
    }

    private func perform(_ call: CloudWatchBatchPlan.Call) async -> Result<CloudWatch.GetMetricDataOutput, CallFailure> {
        let input = CloudWatch.GetMetricDataInput(
            queries: call.queries, startTime: call.startTime, endTime: call.endTime, scanBy: .timestampDescending
        )
        do {
            return .success(try await client.getMetricDataAllPages(input, maxPages: configuration.maxPagesPerCall))
        } catch {
            let reason = Self.describe(error)
            logger.warning(
                "CloudWatch GetMetricData failed",
                metadata: ["queries": "\(call.queries.count)", "error": "\(reason)"]
            )
            return .failure(CallFailure(reason: "CloudWatch GetMetricData failed: \(reason)"))
        }
    }

    struct CallFailure: Error {
        var reason: String
    }

    /// The newest complete datapoint of result `id` that started within the look-back. With
    /// `missingData` `.zero`, an answer with no such datapoint reads 0 for the newest complete
    /// period; a failed call or a failed result stays unavailable either way.
    static func reading(
        of id: String, in outcome: Result<CloudWatch.GetMetricDataOutput, CallFailure>, period: Int, lookback: Int, now: Date,
        missingData: CloudWatchMetric.MissingData = .missing
    ) -> MetricReading {
        let output: CloudWatch.GetMetricDataOutput
        switch outcome {
        case .failure(let failure): return .unavailable(failure.reason)
        case .success(let value): output = value
        }
        guard let result = output.result(id: id) else {
            return .unavailable("CloudWatch returned no result for this metric")
        }
        if let status = result.statusCode, status.isFailure {
            let details = result.messages.map(\.description).joined(separator: "; ")
            return .unavailable("CloudWatch answered \(status) for this metric" + (details.isEmpty ? "" : ": \(details)"))
        }
        let nowSeconds = now.timeIntervalSince1970
        let earliest = nowSeconds - Double(lookback)
        var newest: (timestamp: Date, value: Double)?
        for (timestamp, value) in zip(result.timestamps, result.values) {
            let start = timestamp.timeIntervalSince1970
            guard value.isFinite, start >= earliest, start + Double(period) <= nowSeconds else { continue }
            if newest.map({ timestamp > $0.timestamp }) ?? true {
                newest = (timestamp, value)
            }
        }
        guard let newest else {
            guard missingData == .zero, period > 0 else { return .missing }
            let newestComplete = (nowSeconds / Double(period)).rounded(.down) * Double(period) - Double(period)
            return .value(0, at: Date(timeIntervalSince1970: newestComplete), periodSeconds: Double(period))
        }
        return .value(newest.value, at: newest.timestamp, periodSeconds: Double(period))
    }

    /// An error as one line for a reading's reason; cancellation says so plainly.
    static func describe(_ error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        return "\(error)"
    }
}
