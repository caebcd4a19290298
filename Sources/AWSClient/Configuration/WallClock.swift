import Foundation

/// Where the client reads the time of day: signing dates, credential expiry, clock skew.
///
/// Injected so tests can move time; production uses ``system``.
public struct WallClock: Sendable {
    private let read: @Sendable () -> Date

    /// Creates a clock that reads the time from `now`.
    public init(_ now: @escaping @Sendable () -> Date) {
        self.read = now
    }

    /// The current time according to this clock.
    public func now() -> Date {
        read()
    }

    /// The system clock.
    public static let system = WallClock { Date() }
}
