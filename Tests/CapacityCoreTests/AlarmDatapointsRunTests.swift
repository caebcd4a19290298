import Foundation
import Testing

@testable import CapacityCore

/// The alarm's kept runs (issue 15) against a scan of its window, and the exact rounding helpers
/// against the library's.
@Suite("Alarm datapoints: kept runs")
struct AlarmDatapointsRunTests {
    /// A deterministic pseudo-random stream.
    struct Random {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() * Double(range.count))
        }
    }

    /// Readings as the daemon and the simulator send them, and as they go wrong: short and long
    /// periods, gaps, repeats and late readings; values that sit on the thresholds.
    @Test(arguments: [(1, 1), (3, 15), (15, 15), (2, 5)])
    func keptRunsAgreeWithAScanOfTheWindow(outDatapoints: Int, inDatapoints: Int) {
        var random = Random(state: UInt64(outDatapoints * 100 + inDatapoints))
        let keep = Swift.max(outDatapoints, inDatapoints)
        var datapoints = AlarmDatapoints()
        var second = 1_700_000_000.0
        let thresholds = [(60.0, 54.0), (60, 60), (80, 40)]
        var pair = 0
        for step in 0..<20_000 {
            let roll = random.next()
            let covered: Double = roll < 0.1 ? 300 : roll < 0.4 ? 10 : 60
            let value: Double = random.next() < 0.2 ? [54, 60, 40, 80][random.int(0...3)] : random.next() * 120
            datapoints.add(value: value, timestamp: Date(timeIntervalSince1970: second), covered: covered, period: 60, keep: keep)
            let jump = random.next()
            if jump < 0.03 { second += Double(random.int(1...20)) * 60 }  // a gap
            else if jump < 0.05 { second -= 120 }  // a late reading
            second += covered
            // Now and then the question changes (another policy's thresholds): the runs start again.
            if random.next() < 0.01 { pair = (pair + 1) % thresholds.count }
            let (out, into) = thresholds[pair]
            // Sometimes only one side is asked: the other must still be right when asked later.
            if random.next() < 0.7 {
                let limit = random.int(0...outDatapoints)
                let scanned = datapoints.consecutiveCount(limit: limit) { $0 > out }
                #expect(datapoints.consecutiveCount(limit: limit, above: out) == scanned, "step \(step) above")
            }
            if random.next() < 0.7 {
                let limit = random.int(0...inDatapoints)
                let scanned = datapoints.consecutiveCount(limit: limit) { $0 < into }
                #expect(datapoints.consecutiveCount(limit: limit, below: into) == scanned, "step \(step) below")
            }
        }
    }

    @Test func aDecodedWindowAnswersAsTheOriginal() throws {
        var datapoints = AlarmDatapoints()
        for minute in 0..<40 {
            let value = minute % 11 < 7 ? 90.0 : 30.0
            datapoints.add(value: value, timestamp: Date(timeIntervalSince1970: Double(minute) * 60), covered: 60, period: 60, keep: 15)
            _ = datapoints.consecutiveCount(limit: 15, above: 60)
        }
        var decoded = try JSONDecoder().decode(AlarmDatapoints.self, from: JSONEncoder().encode(datapoints))
        // Equal although only the original has kept runs: they are derived, not state.
        #expect(decoded == datapoints && decoded.hashValue == datapoints.hashValue)
        for limit in [1, 3, 15] {
            #expect(decoded.consecutiveCount(limit: limit, above: 60) == datapoints.consecutiveCount(limit: limit, above: 60))
            #expect(decoded.consecutiveCount(limit: limit, below: 54) == datapoints.consecutiveCount(limit: limit) { $0 < 54 })
        }
    }

    @Test func wholeNumbersRoundAsTheLibraryDoes() {
        var random = Random(state: 42)
        var values: [Double] = [0, -0.0, 0.5, -0.5, 1, -1, 1 - 0x1p-53, -(1 - 0x1p-53), 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52, -0x1p52,
                                0x1p60, -0x1p60, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 28_333_333.999999996]
        for _ in 0..<100_000 {
            let magnitude = Double(sign: .plus, exponent: random.int(-10...62), significand: 1 + random.next())
            values.append(random.next() < 0.5 ? magnitude : -magnitude)
            values.append((random.next() * 2e6 - 1e6).rounded() + [0, 1e-9, -1e-9][random.int(0...2)])
        }
        for x in values where abs(x) < 0x1p62 {
            #expect(WholeNumbers.floor(x) == Int64(x.rounded(.down)), "floor \(x)")
            #expect(WholeNumbers.ceil(x) == Int(x.rounded(.up)), "ceil \(x)")
        }
    }
}
