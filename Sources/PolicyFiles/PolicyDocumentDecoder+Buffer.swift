import CapacityCore
import Yams

extension PolicyDocumentDecoder {
    static let bufferKeys = ["Window", "Deviations", "Bucket", "WarmPoolDeviations"]

    /// `Buffer:`: capacity held for the recent load's mean plus some standard deviations.
    mutating func buffer(in top: YAMLMapping, kind: CapacityPolicy.Kind?) -> VolatilityBuffer? {
        guard let entry = top["Buffer"], let map = reader.mapping("Buffer", in: top, keys: Self.bufferKeys) else {
            return nil
        }
        if kind == .fixed {
            reader.report(.conflictingValues, at: entry.keyPosition, "Buffer needs target tracking; a static policy holds FixedCapacity")
        }
        var buffer = VolatilityBuffer()
        if let window = reader.seconds("Window", in: map, range: 300...86_400) { buffer.windowSeconds = window }
        if let bucket = reader.seconds("Bucket", in: map, range: 1...3600) { buffer.bucketSeconds = bucket }
        if let deviations = reader.number("Deviations", in: map, range: .nonNegative), let value = map["Deviations"] {
            if deviations > 10 {
                reader.report(.outOfRange, at: value.valuePosition, "Buffer.Deviations must be at most 10 (found \(deviations))")
            } else {
                buffer.deviations = deviations
            }
        }
        if let extra = reader.number("WarmPoolDeviations", in: map, range: .nonNegative), let value = map["WarmPoolDeviations"] {
            if extra > 10 {
                reader.report(.outOfRange, at: value.valuePosition, "Buffer.WarmPoolDeviations must be at most 10 (found \(extra))")
            } else {
                buffer.warmPoolDeviations = extra
            }
        }
        if buffer.windowSeconds < 2 * buffer.bucketSeconds, let window = map["Window"] ?? map["Bucket"] {
            reader.report(
                .conflictingValues, at: window.valuePosition,
                "Buffer.Window must hold at least two Buckets (\(buffer.bucketSeconds) s each) to have a spread")
        }
        return buffer
    }
}
