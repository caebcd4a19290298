/// What to write for a step the source has no value for. Without one, an export with gaps
/// fails: a silently filled trace would replay an outage as a quiet period.
public enum TraceGapFill: String, Sendable, Hashable, CaseIterable {
    /// Zero load: right when the metric is only published while there is traffic (CloudWatch
    /// `RequestCount` has no datapoint for a minute without requests).
    case zero
    /// The last value before the gap: right for short scrape or publishing hiccups.
    case previous
}
