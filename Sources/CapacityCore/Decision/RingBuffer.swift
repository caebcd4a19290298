/// A first-in, first-out window: append at the back, drop from the front, without moving what
/// stays. The decision windows (recommendations, changes, alarm periods, recent load) append one
/// entry per decision and drop the oldest; a shifting array copied the window every time.
///
/// It encodes as a plain array, oldest first, so ``DecisionMemory`` persists exactly as it did
/// when its windows were arrays.
public struct RingBuffer<Element> {
    /// Every slot holds a value; those outside `head ..< head + count` (mod capacity) are stale.
    private var storage: [Element] = []
    private var head = 0
    public private(set) var count = 0

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        storage = Array(elements)
        count = storage.count
    }

    /// Adds `element` after the newest one.
    public mutating func append(_ element: Element) {
        if count == storage.count { grow(filling: element) }
        storage[slot(count)] = element
        count += 1
    }

    /// Adds `element` after the newest one, then drops the oldest beyond the newest `limit`:
    /// a window's step in one call (an alarm completes a period and forgets one every minute).
    public mutating func append(_ element: Element, keepingNewest limit: Int) {
        let excess = count + 1 - limit
        if limit > 0, excess > 0 {
            removeFirst(excess, thenAppend: element)
        } else {
            append(element)
            if count > limit { removeFirst(count - limit) }
        }
    }

    /// Drops the `k` oldest elements and adds `element` after the newest: what `removeFirst(k)`
    /// then `append(element)` leave, in one store. A window that forgets as it learns (an
    /// alarm's full window, a stabilization window shorter than a step) never needs to grow,
    /// so the append's capacity check and second call are saved.
    public mutating func removeFirst(_ k: Int, thenAppend element: Element) {
        precondition(k >= 0 && k <= count, "removeFirst(\(k)) on \(count) elements")
        guard k > 0 else {
            append(element)
            return
        }
        // The slot after the newest is free: past the live elements, or (storage full) the
        // oldest one, which is dropped.
        storage[slot(count)] = element
        head = slot(k)
        count -= k - 1
    }

    /// The newest element. The collection's own `last` steps back from `endIndex` through the
    /// generic index protocol, which was not inlined where alarms and windows ask every step.
    public var last: Element? {
        count == 0 ? nil : storage[slot(count - 1)]
    }

    /// Drops the `k` oldest elements.
    public mutating func removeFirst(_ k: Int = 1) {
        precondition(k >= 0 && k <= count, "removeFirst(\(k)) on \(count) elements")
        guard k > 0 else { return }
        head = slot(k)
        count -= k
    }

    /// Empties the buffer, keeping its storage.
    public mutating func removeAll() {
        head = 0
        count = 0
    }

    @inline(__always)
    private func slot(_ offset: Int) -> Int {
        let index = head + offset
        return index >= storage.count ? index - storage.count : index
    }

    /// Doubles the storage, oldest element first; new slots hold `filler` until used.
    private mutating func grow(filling filler: Element) {
        var grown: [Element] = []
        grown.reserveCapacity(Swift.max(4, storage.count * 2))
        grown.append(contentsOf: self)
        grown.append(contentsOf: repeatElement(filler, count: grown.capacity - grown.count))
        storage = grown
        head = 0
    }
}

extension RingBuffer: RandomAccessCollection, MutableCollection {
    public typealias Indices = Range<Int>
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        @inline(__always) get {
            precondition(position >= 0 && position < count, "index \(position) out of \(count)")
            return storage[slot(position)]
        }
        @inline(__always) set {
            precondition(position >= 0 && position < count, "index \(position) out of \(count)")
            storage[slot(position)] = newValue
        }
    }
}

extension RingBuffer: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: Element...) {
        self.init(elements)
    }
}

extension RingBuffer: Sendable where Element: Sendable {}

extension RingBuffer: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.elementsEqual(rhs)
    }
}

extension RingBuffer: Hashable where Element: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for element in self { hasher.combine(element) }
    }
}

extension RingBuffer: Codable where Element: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Element].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Array(self))
    }
}

extension RingBuffer: CustomStringConvertible {
    public var description: String { Array(self).description }
}
