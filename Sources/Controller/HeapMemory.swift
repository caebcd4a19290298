import CMallocControl
import Foundation

/// What the daemon asks of glibc's allocator so a large fleet's memory is what it uses.
///
/// glibc gives threads their own malloc arenas (up to eight per core) and keeps what is freed
/// in them. The daemon's work moves between the threads of the concurrency pool and URLSession,
/// so each arena ends up holding freed response buffers and decision temporaries: with 10,000
/// targets, 50 MB of the 157 MB of private memory was such free space (BENCHMARKS.md).
public enum HeapMemory {
    /// The arena limit set when the environment does not choose one.
    public static let defaultArenaLimit: Int32 = 2
    /// Blocks from this size up are mapped on their own and unmapped when freed. glibc starts
    /// at 128 KiB but raises the threshold to the size of each large block freed, after which
    /// the 11 MB `/metrics` text of 10,000 targets is carved from an arena, and stays there.
    public static let mmapThreshold: Int32 = 1 << 20

    /// Caps the malloc arenas at ``defaultArenaLimit`` and fixes the ``mmapThreshold``, unless
    /// `MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_` or `GLIBC_TUNABLES` in `environment` already
    /// say what the operator wants (each is then left to the operator).
    /// - Returns: whether the arena limit was set here.
    @discardableResult
    public static func limitArenas(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["GLIBC_TUNABLES"] == nil else { return false }
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = headroom_set_mmap_threshold(mmapThreshold) }
        guard environment["MALLOC_ARENA_MAX"] == nil else { return false }
        return headroom_limit_malloc_arenas(defaultArenaLimit) == 1
    }

    /// Hands whole free pages of every arena back to the system: called after each tick, when
    /// the tick's temporaries are gone.
    public static func returnFreePages() {
        _ = headroom_malloc_trim()
    }
}
