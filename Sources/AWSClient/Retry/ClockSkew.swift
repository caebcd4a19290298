import Foundation

/// The offset between our clock and AWS's, learned from response `Date` headers.
///
/// AWS rejects requests signed more than about five minutes off. When a server's `Date` is
/// more than ``threshold`` away from our clock, every later signature is dated
/// `now + offset`; once the clocks agree again the offset goes back to zero.
actor ClockSkew {
    /// Differences up to this are left alone: they are latency and rounding, not skew.
    static let threshold: TimeInterval = 240

    /// Seconds to add to our clock to get the server's.
    private(set) var offset: TimeInterval = 0

    /// Updates the offset from a server's `Date` read when our clock said `localNow`.
    func observe(serverDate: Date, localNow: Date) {
        let measured = serverDate.timeIntervalSince(localNow)
        offset = abs(measured) > Self.threshold ? measured : 0
    }
}
