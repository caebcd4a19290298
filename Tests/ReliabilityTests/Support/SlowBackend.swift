import CapacityCore
import Controller
import Foundation

/// A backend whose reads take `readDelay` for replica `slowReplica` (a slow or retried
/// describe) and whose writes are recorded with their time, per replica.
actor SlowBackend: CapacityBackend {
    private var desired: Int
    let readDelay: Duration
    let slowReplica: String?
    private(set) var writes: [(replica: String, at: ContinuousClock.Instant, desired: Int)] = []

    init(desired: Int, readDelay: Duration, for slowReplica: String? = nil) {
        self.desired = desired
        self.readDelay = readDelay
        self.slowReplica = slowReplica
    }

    func describe(_ targets: [TargetReference]) async -> [TargetReference: Result<TargetState, TargetError>] {
        if slowReplica == nil || slowReplica == TaskReplica.name {
            try? await Task.sleep(for: readDelay)
        }
        return Dictionary(uniqueKeysWithValues: targets.map { ($0, .success(TargetState(desired: desired, running: desired))) })
    }

    func setDesiredCapacity(_ target: TargetReference, to desired: Int) async throws(TargetError) {
        self.desired = desired
        writes.append((TaskReplica.name ?? "?", .now, desired))
    }

    func setBounds(_ target: TargetReference, to bounds: CapacityBounds) async throws(TargetError) {}
    func putWarmPool(_ target: TargetReference, _ plan: WarmPoolPlan) async throws(TargetError) {}
    func awsScaling(of target: TargetReference) async throws(TargetError) -> ForeignScaling { ForeignScaling(service: "none") }
}

/// Which replica the current task acts for, so a shared backend can tell writers apart.
enum TaskReplica {
    @TaskLocal static var name: String?
}
