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
        if isRecording { reasons.append(reason()) }
    }
}
