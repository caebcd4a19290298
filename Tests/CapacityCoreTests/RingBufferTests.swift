import CapacityCore
import Foundation
import PropertyBased
import Testing

@Suite struct RingBufferTests {
    @Test func appendsAtTheBackAndDropsFromTheFrontAcrossTheWrap() {
        var ring: RingBuffer<Int> = []
        var model: [Int] = []
        // Interleave appends and drops so the window wraps its storage many times and grows twice.
        for step in 0..<200 {
            ring.append(step)
            model.append(step)
            if step % 3 == 2 {
                ring.removeFirst(2)
                model.removeFirst(2)
            }
            #expect(Array(ring) == model, "step \(step)")
            #expect(ring.first == model.first && ring.last == model.last)
        }
        ring.removeAll()
        #expect(ring.isEmpty && ring.first == nil)
        ring.append(7)
        #expect(Array(ring) == [7])
    }

    @Test func elementsCanBeChangedInPlace() {
        var ring: RingBuffer<Double> = [1, 2, 3]
        ring.removeFirst()
        ring.append(4)
        ring[ring.count - 1] += 0.5
        #expect(ring == [2, 3, 4.5])
    }

    @Test func equalityAndHashIgnoreWhereTheWindowSits() {
        var wrapped: RingBuffer<Int> = [0, 0, 0, 1]
        wrapped.removeFirst(3)
        wrapped.append(2)
        let plain: RingBuffer<Int> = [1, 2]
        #expect(wrapped == plain)
        #expect(wrapped.hashValue == plain.hashValue)
        #expect(wrapped != [1, 2, 3])
    }

    @Test func encodesAsThePlainArrayOldestFirst() throws {
        var ring: RingBuffer<Int> = [9, 9, 1]
        ring.removeFirst(2)
        ring.append(2)
        ring.append(3)
        let json = try JSONEncoder().encode(ring)
        #expect(String(decoding: json, as: UTF8.self) == "[1,2,3]")
        #expect(try JSONDecoder().decode(RingBuffer<Int>.self, from: json) == ring)
        #expect(try JSONDecoder().decode(RingBuffer<Int>.self, from: Data("[]".utf8)).isEmpty)
    }

    @Test func behavesLikeAnArrayUnderAnySequenceOfOperations() async {
        await propertyCheck(input: Gen.int(in: 0...1000).array(of: 1...300)) { operations in
            var ring: RingBuffer<Int> = []
            var model: [Int] = []
            for operation in operations {
                // One in four drops up to three from the front; the rest append.
                if operation % 4 == 0 {
                    let k = Swift.min(model.count, operation % 3 + 1)
                    ring.removeFirst(k)
                    model.removeFirst(k)
                } else {
                    ring.append(operation)
                    model.append(operation)
                }
            }
            #expect(Array(ring) == model)
            #expect(ring.count == model.count)
        }
    }

    /// A window's step in one call: the same as appending and then dropping what exceeds the
    /// limit, whatever the limit does between steps.
    @Test func appendingAndKeepingTheNewestIsAppendingThenDropping() async {
        await propertyCheck(input: Gen.int(in: 0...1000).array(of: 1...300)) { operations in
            var ring: RingBuffer<Int> = []
            var model: [Int] = []
            for operation in operations {
                let limit = operation % 7
                ring.append(operation, keepingNewest: limit)
                model.append(operation)
                if model.count > limit { model.removeFirst(model.count - limit) }
                #expect(Array(ring) == model && ring.last == model.last)
            }
        }
    }

    /// Dropping and appending in one store leaves what the two calls leave, with the storage
    /// full, wrapped or roomy (the other operations, mixed in, move the head and grow it).
    @Test func droppingThenAppendingIsRemoveFirstThenAppend() async {
        await propertyCheck(input: Gen.int(in: 0...1000).array(of: 1...300)) { operations in
            var ring: RingBuffer<Int> = []
            var model: [Int] = []
            for operation in operations {
                switch operation % 3 {
                case 0:
                    ring.append(operation)
                    model.append(operation)
                case 1 where !model.isEmpty:
                    ring.removeFirst(1)
                    model.removeFirst(1)
                default:
                    let k = model.isEmpty ? 0 : operation % (model.count + 1)
                    ring.removeFirst(k, thenAppend: operation)
                    model.removeFirst(k)
                    model.append(operation)
                }
                #expect(Array(ring) == model && ring.count == model.count && ring.last == model.last)
            }
        }
    }
}
