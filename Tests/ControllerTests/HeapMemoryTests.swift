import Controller
import Foundation
import Testing

/// The allocator settings of the daemon: the figure they buy is in BENCHMARKS.md (10,000
/// targets, private memory); here, that the operator's own setting wins.
@Suite struct HeapMemoryTests {
    @Test func anOperatorsArenaSettingIsLeftAlone() {
        #expect(!HeapMemory.limitArenas(environment: ["MALLOC_ARENA_MAX": "8"]))
        #expect(!HeapMemory.limitArenas(environment: ["GLIBC_TUNABLES": "glibc.malloc.arena_max=4"]))
    }

    @Test func withoutOneTheArenasAreCapped() {
        #if canImport(Glibc)
        #expect(HeapMemory.limitArenas(environment: [:]))
        #endif
    }
}
