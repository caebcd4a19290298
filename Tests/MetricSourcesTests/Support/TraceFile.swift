import Foundation

/// Reads a trace back by the rules of shared/SIMULATION.md, "Inputs": header
/// `timestamp,value`, ISO-8601 UTC whole-second timestamps, one row per step, constant step,
/// rows in order, non-negative numeric values. Any breach is an error naming the line.
///
/// The simulator's own `TraceReader` is not on this branch yet; this reader applies the same
/// contract so that an export that passes here is one the simulator accepts.
struct TraceFile {
    var start: Date
    var stepSeconds: Int
    var values: [Double]

    static func read(_ path: String) throws -> TraceFile {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.hasSuffix("\n") else { throw TestFailure("\(path): the last line has no line end") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first == "timestamp,value" else { throw TestFailure("\(path):1: header is not timestamp,value") }
        var times: [Int] = []
        var values: [Double] = []
        let utc = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
        for (offset, line) in lines.dropFirst().enumerated() {
            let number = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2 else { throw TestFailure("\(path):\(number): \(fields.count) fields") }
            let stamp = String(fields[0])
            guard stamp.count == 20, stamp.hasSuffix("Z"), let date = try? Date(stamp, strategy: utc) else {
                throw TestFailure("\(path):\(number): '\(stamp)' is not YYYY-MM-DDTHH:MM:SSZ")
            }
            guard let value = Double(fields[1]), value.isFinite, value >= 0 else {
                throw TestFailure("\(path):\(number): '\(fields[1])' is not a non-negative number")
            }
            times.append(Int(date.timeIntervalSince1970))
            values.append(value)
        }
        guard times.count >= 2 else { throw TestFailure("\(path): fewer than two rows") }
        let step = times[1] - times[0]
        guard step > 0 else { throw TestFailure("\(path):3: not after the previous row") }
        for index in 1..<times.count where times[index] - times[index - 1] != step {
            throw TestFailure("\(path):\(index + 2): step \(times[index] - times[index - 1]) s, expected \(step) s")
        }
        return TraceFile(start: Date(timeIntervalSince1970: Double(times[0])), stepSeconds: step, values: values)
    }
}
