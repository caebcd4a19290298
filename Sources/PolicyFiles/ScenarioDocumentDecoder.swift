import Yams

/// Turns the YAML tree of a scenario file into a ``SimulationScenario``, reporting every problem.
struct ScenarioDocumentDecoder {
    var reader: NodeReader
    /// The scenario's name when the file gives none: the file name without extension.
    let defaultName: String

    static let keys = [
        "name", "capacityPerUnit", "sloUtilization", "minUnits", "initialUnits", "bootSeconds",
        "warmStartSeconds", "metricLagSeconds", "pricePerUnitHour", "warmPricePerUnitHour",
    ]

    /// The scenario in `root`, or `nil` when any problem was found.
    mutating func decode(_ root: Node) -> SimulationScenario? {
        guard let map = reader.mapping(root, path: "", name: "the scenario", keys: Self.keys) else { return nil }
        let name = reader.text("name", in: map) ?? defaultName
        let capacity = reader.require("capacityPerUnit", in: map).flatMap { _ in
            reader.number("capacityPerUnit", in: map, range: .positive)
        }
        var scenario = SimulationScenario(name: name, capacityPerUnit: capacity ?? 1)
        if let slo = reader.number("sloUtilization", in: map, range: .unitInterval) { scenario.sloUtilization = slo }
        if let minUnits = reader.integer("minUnits", in: map, range: PolicyLimits.capacity) { scenario.minUnits = minUnits }
        scenario.initialUnits = reader.integer("initialUnits", in: map, range: PolicyLimits.capacity)
        if let boot = seconds("bootSeconds", in: map) { scenario.bootSeconds = boot }
        if let warm = seconds("warmStartSeconds", in: map) { scenario.warmStartSeconds = warm }
        if let lag = seconds("metricLagSeconds", in: map) { scenario.metricLagSeconds = lag }
        if let price = reader.number("pricePerUnitHour", in: map, range: .nonNegative) { scenario.pricePerUnitHour = price }
        if let warmPrice = reader.number("warmPricePerUnitHour", in: map, range: .nonNegative) {
            scenario.warmPricePerUnitHour = warmPrice
        }
        guard reader.problems.isEmpty, capacity != nil else { return nil }
        return scenario
    }

    /// A duration in seconds, at most a year, like the policy's durations.
    private mutating func seconds(_ key: String, in map: YAMLMapping) -> Double? {
        guard let value = reader.number(key, in: map, range: .nonNegative), let entry = map[key] else { return nil }
        guard value <= Double(PolicyLimits.seconds.upperBound) else {
            reader.report(.outOfRange, at: entry.valuePosition, "\(entry.path) must be at most \(PolicyLimits.seconds.upperBound) (one year)")
            return nil
        }
        return value
    }
}
