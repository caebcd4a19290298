import CapacityCore
import Foundation
import Testing

@Suite("LoadHistory.extend: live buckets carried onto a history read later")
struct LoadHistoryExtendTests {
    func at(_ bucket: Int) -> Date { Date(timeIntervalSince1970: Double(1_780_000_200 + 300 * bucket)) }

    func history(_ buckets: ClosedRange<Int>, value: Double) -> LoadHistory {
        var history = LoadHistory(bucketSeconds: 300, capacity: 100)
        for bucket in buckets { history.record(value, at: at(bucket)) }
        return history
    }

    @Test func newerBucketsAreAppendedAndTheOverlapAveraged() throws {
        // The past, read in the background: buckets 0…10 (10 still open).
        var seeded = history(0...10, value: 1)
        // What the ticks recorded meanwhile: buckets 10…15 (15 still open, so 10…14 count).
        let live = history(10...15, value: 5)
        seeded.extend(with: live)
        let base = seeded.index(of: at(0))
        #expect(seeded.value(at: base + 5) == 1)
        #expect(seeded.value(at: base + 10) == 3, "the open seeded bucket and the live one average")
        #expect(seeded.value(at: base + 12) == 5)
        #expect(seeded.lastIndex == base + 13, "the last carried bucket stays open for the next live reading")
    }

    @Test func nothingOlderThanTheHistoryIsAdded() {
        var seeded = history(0...10, value: 1)
        let older = history(0...6, value: 9)
        seeded.extend(with: older)
        let base = seeded.index(of: at(0))
        #expect((0...9).allSatisfy { seeded.value(at: base + Int64($0)) == 1 })
    }

    @Test func anEmptyHistoryTakesTheLiveOne() {
        var empty = LoadHistory(bucketSeconds: 300, capacity: 100)
        empty.extend(with: history(0...4, value: 2))
        let base = empty.index(of: at(0))
        #expect(empty.value(at: base) == 2 && empty.value(at: base + 2) == 2)
    }
}
