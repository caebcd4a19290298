/// The reasons of one decision, built only when someone will read them.
///
/// The daemon, `plan`, the journal and reports ask for reasons; a simulation or a tuning run
/// does not, and then no reason is constructed at all: the autoclosure is never called, so the
/// decision allocates nothing. Either way the same code decides.
struct ReasonLog {
    let isRecording: Bool
    private(set) var reasons: [DecisionReason] = []

    init(recording: Bool) {
        isRecording = recording
        if recording { reasons.reserveCapacity(4) }
    }

    @inline(__always)
    mutating func append(_ reason: @autoclosure () -> DecisionReason) {
        if isRecording { record(reason) }
    }

    /// Out of line: inlined, each reason's construction and the array's growth made every
    /// decision helper larger (more registers saved, more stack) for code a simulation never runs.
    @inline(never)
    private mutating func record(_ reason: () -> DecisionReason) {
        reasons.append(reason())
    }
}
