extension MetricQuery {
    /// The length of time one reading of this metric covers, in seconds, when the metric has one:
    /// a CloudWatch metric's `Period`; 60 for the simulated utilization, CloudWatch's standard
    /// resolution and what a policy without a source stands in for; `nil` for a PromQL query,
    /// whose instant value already covers whatever range the query names.
    ///
    /// A planner shown finer readings than this (a simulation of one-second steps) averages them
    /// per period first, so it acts on what the daemon would read (``CapacityPlanner``).
    public var readingPeriodSeconds: Int? {
        switch self {
        case .cloudWatch(let metric): metric.periodSeconds
        case .prometheus: nil
        case .simulatedUtilization: 60
        }
    }
}
