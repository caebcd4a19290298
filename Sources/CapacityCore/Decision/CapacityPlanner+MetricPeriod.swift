import Foundation

extension CapacityPlanner {
    /// Adds each reading that covers less than its metric's period
    /// (``MetricQuery/readingPeriodSeconds``) to that metric's period averages, every tick, so a
    /// period averages all that was seen even between evaluations.
    ///
    /// A simulation of one-second steps shows the planner each second, but the daemon reads a
    /// CloudWatch metric as one average per period (a minute, unless the metric says otherwise).
    /// A policy acting on each second would size for the busiest second of every minute in the
    /// simulator and behave otherwise in production; averaged here, both act on a period's
    /// average. (Alarms average per their own period, from the readings as they come.)
    ///
    /// The metrics are read through `self`, not copied to a local: a local array costs a retain
    /// and a release every step, and this runs on every step of every simulation.
    mutating func feedPeriodAverages(_ observation: Observation) {
        let count = settings.metrics.count
        for index in 0..<Swift.min(count, observation.readings.count) {
            let reading = observation.readings[index]
            guard let period = finerPeriod(of: reading, metric: index), case .ok = reading.status, let timestamp = reading.timestamp,
                reading.value.isFinite
            else { continue }
            if memory.periodAverages?.count != count {
                memory.periodAverages = Array(repeating: AlarmDatapoints(), count: count)
            }
            memory.periodAverages![index].add(
                value: reading.value, timestamp: timestamp, covered: reading.periodSeconds, period: period, keep: 1)
        }
    }

    /// The reading a decision acts on: `reading` itself, or, when it covers less than its
    /// metric's period, the average of the newest complete period of such readings. Until a
    /// first period is complete the reading is used as it is: nothing else has been seen.
    /// Read in place, like the alarms: a copy of the averages would retain their array.
    mutating func periodReading(_ reading: MetricReading, metric index: Int) -> MetricReading {
        guard let period = finerPeriod(of: reading, metric: index), index < memory.periodAverages?.count ?? 0,
            let average = memory.periodAverages![index].latest, let newest = memory.periodAverages![index].latestPeriod
        else { return reading }
        return .value(average, at: Date(timeIntervalSince1970: Double(newest) * Double(period)), periodSeconds: Double(period))
    }

    /// The metric's period when `reading` covers less of it (a one-second step of a one-minute
    /// metric), else `nil`: the reading is used as it is.
    @inline(__always)
    private func finerPeriod(of reading: MetricReading, metric index: Int) -> Int? {
        guard let period = settings.metrics[index].periodSeconds, reading.periodSeconds < Double(period) else { return nil }
        return period
    }
}
