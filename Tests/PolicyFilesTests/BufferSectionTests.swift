import CapacityCore
import PolicyFiles
import Testing

@Suite("Buffer section")
struct BufferSectionTests {
    @Test func readsEveryKey() throws {
        let loaded = try policy(minimalHead + """
            Buffer:
              Window: 45m
              Deviations: 0.75
              Bucket: 30s
              WarmPoolDeviations: 2
            """)
        #expect(loaded.buffer == VolatilityBuffer(windowSeconds: 2700, deviations: 0.75, bucketSeconds: 30, warmPoolDeviations: 2))
    }

    @Test func defaultsWhenEmptyAndAbsentWhenNotWritten() throws {
        #expect(try policy(minimalHead + "Buffer: {}\n").buffer == VolatilityBuffer())
        #expect(try policy(minimalHead).buffer == nil)
    }

    @Test func eachProblemIsReportedAtItsValue() {
        let found = problems(minimalHead + """
            Buffer:
              Window: 45m
              Deviations: 12
              Bukcet: 1m
            """)
        #expect(found.count == 2, "\(found)")
        #expect(found.contains { $0.line == 9 && $0.message.contains("Buffer.Deviations must be at most 10") }, "\(found)")
        #expect(found.contains { $0.line == 10 && $0.message.contains("did you mean 'Bucket'") }, "\(found)")
    }

    @Test func aWindowOfOneBucketHasNoSpread() {
        let found = problems(minimalHead + "Buffer: {Window: 10m, Bucket: 10m}\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("at least two Buckets") == true, "\(found)")
    }

    @Test func aStaticPolicyCannotBuffer() {
        let found = problems("""
            Kind: static
            MinCapacity: 1
            MaxCapacity: 10
            FixedCapacity: 4
            Buffer: {Deviations: 1}
            """)
        #expect(found.contains { $0.line == 5 && $0.message.contains("Buffer needs target tracking") }, "\(found)")
    }
}
