extension TuningSearchSpace {
    /// Whether knob `id` has a say in the policy `genome` stands for
    /// (``policy(_:name:)``). A knob of a part the genome leaves off (a buffer's window with the
    /// buffer off, an alarm's threshold with no alarm, a warm pool's size with no pool) takes
    /// any value to no effect, so a reader shown its value would take it for a setting.
    public func isInUse(_ id: KnobID, in genome: TuningGenome) -> Bool {
        func on(_ part: KnobID) -> Bool { value(part, in: genome).rounded() > 0 }
        switch id {
        case .scaleOutAlarmThreshold: return on(.scaleOutAlarmDatapoints)
        case .scaleInAlarmThreshold: return on(.scaleInAlarmDatapoints)
        case .bufferWindow, .bufferDeviations: return on(.buffer)
        case .forecastSeasons, .forecastHorizonExtra, .forecastHeadroom: return on(.forecast)
        case .warmPoolMinSize, .warmPoolReuse: return on(.warmPool)
        // Warm units for the buffer's or the forecast's error: a pool and one of them.
        case .warmPoolDeviations: return on(.warmPool) && (on(.buffer) || on(.forecast))
        default: return true
        }
    }
}
