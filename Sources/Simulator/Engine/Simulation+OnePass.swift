import CapacityCore

extension Simulation {
    /// Steps every engine of a one-pass run takes before the next engine takes them: a block
    /// of the trace's loads and demand (16 bytes a step) stays in the core's cache for all of them.
    static let onePassBlockSteps = 4096

    /// Runs several policies over the trace in one pass on this thread: their engines advance
    /// together, a block of steps at a time, reading the one shared trace. Each run is exactly
    /// what ``run(_:recordTimeline:)`` gives for that policy alone.
    /// - Returns: the runs in the order of `policies`.
    public func run(_ policies: [CapacityPolicy], recordTimelines: Bool = false) -> [PolicyRun] {
        var engines = policies.map { SimulationEngine(simulation: self, policy: $0, recordTimeline: recordTimelines) }
        var end = 0
        while end < trace.count {
            end = Swift.min(end + Self.onePassBlockSteps, trace.count)
            for index in engines.indices { engines[index].advance(until: end) }
        }
        return engines.map { $0.result() }
    }
}
