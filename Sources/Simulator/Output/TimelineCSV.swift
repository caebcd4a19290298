import Foundation

/// A run's per-step timeline as CSV, from which every score can be recomputed
/// (SIMULATION.md): `t,timestamp,load,demand,desired,ready,booting,warm,preparing,utilization,cost`.
///
/// `timestamp` is written the way the trace wrote it; `utilization` is the fraction u[t]
/// (`inf` for load with no ready unit); `cost` is the step's cost.
public enum TimelineCSV {
    public static let header = "t,timestamp,load,demand,desired,ready,booting,warm,preparing,utilization,cost"

    /// The CSV text of `timeline`, a run of `simulation`.
    public static func render(_ timeline: Timeline, of simulation: Simulation) -> Data {
        let trace = simulation.trace
        let physics = simulation.physics
        var out: [UInt8] = []
        out.reserveCapacity(timeline.count * 64 + 128)
        out.append(contentsOf: header.utf8)
        out.append(UInt8(ascii: "\n"))
        func field(_ text: String) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: ","))
        }
        for step in 0..<timeline.count {
            let ready = Int(timeline.ready[step])
            let booting = Int(timeline.booting[step])
            let warm = Int(timeline.warm[step])
            let preparing = Int(timeline.preparing[step])
            let load = trace.values[step]
            field(String(step))
            field(trace.timestampText(ofStep: step))
            field(NumberText.csv(load))
            field(String(simulation.demand[step]))
            field(String(timeline.desired[step]))
            field(String(ready))
            field(String(booting))
            field(String(warm))
            field(String(preparing))
            field(NumberText.csv(physics.utilization(load: load, ready: ready)))
            out.append(contentsOf: NumberText.csv(physics.stepCost(ready: ready, booting: booting, warm: warm, preparing: preparing)).utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return Data(out)
    }
}

extension TimelineCSV {
    /// Where a policy's timeline goes: `directory/NAME.csv`.
    /// - Throws: ``SimulationError`` when the name cannot be a file name.
    public static func fileURL(for policyName: String, in directory: URL) throws(SimulationError) -> URL {
        let name = policyName
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            throw .unusableFileName(name)
        }
        return directory.appendingPathComponent(name + ".csv")
    }
}
