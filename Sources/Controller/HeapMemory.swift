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

    /// Caps the malloc arenas at ``defaultArenaLimit`` unless `MALLOC_ARENA_MAX` (or
    /// `GLIBC_TUNABLES`) in `environment` already says what the operator wants.
    /// - Returns: whether the limit was set here.
    @discardableResult
    public static func limitArenas(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["MALLOC_ARENA_MAX"] == nil, environment["GLIBC_TUNABLES"] == nil else { return false }
        return headroom_limit_malloc_arenas(defaultArenaLimit) == 1
    }

    /// Hands whole free pages of every arena back to the system: called after each tick, when
    /// the tick's temporaries are gone.
    public static func returnFreePages() {
        _ = headroom_malloc_trim()
    }
}
