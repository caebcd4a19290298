/// An inclusive range of unit counts a target may hold.
public struct CapacityBounds: Sendable, Hashable, Codable, CustomStringConvertible {
    public var min: Int
    public var max: Int

    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    /// `value` moved into `[min, max]`.
    public func clamp(_ value: Int) -> Int {
        Swift.min(Swift.max(value, min), max)
    }

    /// The stricter of two bounds: the higher minimum and the lower maximum.
    ///
    /// When the two do not overlap, the maximum wins, so a target is never pushed above a cap
    /// somebody set on purpose.
    public func intersected(with other: CapacityBounds) -> CapacityBounds {
        let upper = Swift.min(max, other.max)
        return CapacityBounds(min: Swift.min(Swift.max(min, other.min), upper), max: upper)
    }

    public var description: String { "[\(min), \(max)]" }
}
