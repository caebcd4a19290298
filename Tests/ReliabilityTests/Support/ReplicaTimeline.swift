import Foundation
import Synchronization

/// The times a replica became and stopped being the leader, and wrote.
final class ReplicaTimeline: Sendable {
    private let events = Mutex<[(String, ContinuousClock.Instant)]>([])

    func record(_ event: String) { events.withLock { $0.append((event, .now)) } }

    func times(of event: String) -> [ContinuousClock.Instant] { events.withLock { $0.filter { $0.0 == event }.map(\.1) } }
}
