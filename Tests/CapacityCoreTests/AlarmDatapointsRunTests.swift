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
                // What the planner reads first: the kept run, when it is for this threshold.
                #expect(datapoints.keptCount(limit: limit, above: out).map { $0 == scanned } ?? true, "step \(step) kept above")
                #expect(datapoints.consecutiveCount(limit: limit, above: out) == scanned, "step \(step) above")
                #expect(datapoints.keptCount(limit: limit, above: out) == scanned)
            }
            if random.next() < 0.7 {
                let limit = random.int(0...inDatapoints)
                let scanned = datapoints.consecutiveCount(limit: limit) { $0 < into }
                #expect(datapoints.keptCount(limit: limit, below: into).map { $0 == scanned } ?? true, "step \(step) kept below")
                #expect(datapoints.consecutiveCount(limit: limit, below: into) == scanned, "step \(step) below")
                #expect(datapoints.keptCount(limit: limit, below: into) == scanned)
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

/// ``AlarmDatapoints/add(value:timestamp:covered:period:keep:)``, with its shortcut for a reading
/// that covers exactly the next period, against the datapoints as they were computed before it:
/// two divisions and the library's rounding for every reading.
@Suite("Alarm datapoints: the next-period shortcut")
struct AlarmDatapointsShortcutTests {
    /// The computation before issue 15's shortcut, kept as the reference.
    struct Reference {
        var openPeriod: Int64?
        var openSum = 0.0
        var openCount = 0
        var periods: [Int64] = []
        var values: [Double] = []

        mutating func add(value: Double, start: Double, covered: Double, period: Double, keep: Int) {
            let end = start + Swift.max(covered, 0)
            var index = Int64((start / period).rounded(.down))
            let last = Swift.max(index, Int64((end / period).rounded(.up)) - 1)
            while index <= last {
                if periods.last.map({ index > $0 }) ?? true {
                    if let open = openPeriod, open != index { complete(open, keep: keep) }
                    if openPeriod != index {
                        openPeriod = index
                        openSum = 0
                        openCount = 0
                    }
                    openSum += value
                    openCount += 1
                }
                if end >= Double(index + 1) * period - 1e-9 { complete(index, keep: keep) }
                index += 1
            }
        }

        mutating func complete(_ index: Int64, keep: Int) {
            guard openPeriod == index, openCount > 0 else { return }
            periods.append(index)
            values.append(openSum / Double(openCount))
            openPeriod = nil
            openSum = 0
            openCount = 0
            if periods.count > keep {
                periods.removeFirst(periods.count - keep)
                values.removeFirst(values.count - keep)
            }
        }
    }

    /// Aligned and unaligned starts, whole and fractional coverings, gaps and late readings, at
    /// epoch magnitudes and near zero.
    @Test(arguments: [(60, 1_700_000_040.0), (60, 1_700_000_017.5), (300, 0), (1, -3_600), (7, 1e15)])
    func addingIsWhatItWasBeforeTheShortcut(periodSeconds: Int, origin: Double) {
        var random = AlarmDatapointsRunTests.Random(state: UInt64(periodSeconds) &* 7919)
        let period = Double(periodSeconds)
        var datapoints = AlarmDatapoints()
        var reference = Reference()
        var start = origin
        for step in 0..<20_000 {
            let roll = random.next()
            let covered = roll < 0.7 ? period : roll < 0.8 ? period / 3 : roll < 0.9 ? period * 5 : period + 0.5
            let value = random.next() * 100
            let timestamp = Date(timeIntervalSince1970: start)
            datapoints.add(value: value, timestamp: timestamp, covered: covered, period: periodSeconds, keep: 15)
            // What the planner reads back from the date (a Date counts from 2001, so not always `start`).
            reference.add(value: value, start: timestamp.timeIntervalSince1970, covered: covered, period: period, keep: 15)
            #expect(datapoints.completedPeriods == reference.periods && datapoints.completedValues == reference.values, "step \(step)")
            #expect(datapoints.openPeriod == reference.openPeriod && datapoints.openSum == reference.openSum && datapoints.openCount == reference.openCount)
            let jump = random.next()
            if jump < 0.02 { start += Double(random.int(1...9)) * period }  // a gap
            else if jump < 0.03 { start -= period }  // a late reading
            else if jump < 0.04 { start += 0.25 }  // off the period grid
            else if jump < 0.1 { start = (start / period).rounded(.up) * period }  // back on it
            start += covered
        }
    }

    /// Where the shortcut answers, it is the general computation's answer for both ends.
    @Test func theShortcutAgreesWithTheDivisions() {
        var random = AlarmDatapointsRunTests.Random(state: 5)
        var answered = 0
        for _ in 0..<20_000 {
            let periodSeconds = [1, 10, 60, 300, 86_400][random.int(0...4)]
            let period = Double(periodSeconds)
            let index = Int64(random.int(-1_000_000...40_000_000))
            var datapoints = AlarmDatapoints()
            // Complete period `index - 1`, so the shortcut's candidate is `index`.
            datapoints.add(value: 1, timestamp: Date(timeIntervalSince1970: Double(index - 1) * period), covered: period, period: periodSeconds, keep: 3)
            let start = Double(index) * period + [0, 0, 0.5, -0.5, 1e-7][random.int(0...4)]
            let covered = [period, period, period - 1e-9, period * 2][random.int(0...3)]
            guard let next = datapoints.nextPeriod(startingAt: start, covering: covered, periodSeconds: periodSeconds) else { continue }
            answered += 1
            let end = start + covered
            #expect(next == Int64((start / period).rounded(.down)), "start \(start) period \(period)")
            #expect(next == Swift.max(next, Int64((end / period).rounded(.up)) - 1), "end \(end) period \(period)")
        }
        #expect(answered > 2_000, "the shortcut must be exercised")
    }
}
