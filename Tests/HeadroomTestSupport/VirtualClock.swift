import AWSClient
import Foundation
import Synchronization

/// A wall clock that moves only when a test moves it: the time the reconciler is given,
/// the time a ``FaultProxy`` schedules faults by, and (through ``wallClock``) an AWS
/// client's time, so minutes of faults pass in milliseconds.
public final class VirtualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The clock as an AWS client reads it.
    public var wallClock: WallClock { WallClock { self.now } }

    /// The clock as a closure, for ``FaultProxy`` and the controller's `wallClock`.
    public var read: @Sendable () -> Date { { self.now } }
}
