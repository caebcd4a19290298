import CapacityCore
import Yams

extension PolicyDocumentDecoder {
    static let forecastKeys = ["Horizon", "Bucket", "Seasons", "History", "Headroom", "WarmPoolErrorFactor"]

    /// `Forecast:`: the seasonal forecast that raises a floor ahead of load.
    mutating func forecast(in top: YAMLMapping, kind: CapacityPolicy.Kind?) -> ForecastPolicy? {
        guard let entry = top["Forecast"], let map = reader.mapping("Forecast", in: top, keys: Self.forecastKeys) else {
            return nil
        }
        if kind == .fixed {
            reader.report(.conflictingValues, at: entry.keyPosition, "Forecast needs target tracking; a static policy holds FixedCapacity")
        }
        var forecast = ForecastPolicy()
        if let horizon = reader.seconds("Horizon", in: map, range: 60...86_400) { forecast.horizonSeconds = horizon }
        if let bucket = reader.seconds("Bucket", in: map, range: 60...3600) { forecast.bucketSeconds = bucket }
        if let history = reader.seconds("History", in: map, range: 86_400...(35 * 86_400)) { forecast.historySeconds = history }
        if let headroom = reader.number("Headroom", in: map, range: .nonNegative) { forecast.headroom = headroom }
        if let factor = reader.number("WarmPoolErrorFactor", in: map, range: .nonNegative) { forecast.warmPoolErrorFactor = factor }
        if let items = reader.sequence("Seasons", in: map, limit: 8) {
            var seasons: [Int] = []
            for (index, item) in items.enumerated() {
                // Each item reads like a one-key mapping so durations share the key parser's rules.
                let itemEntry = YAMLMapping.Entry(
                    key: "season", path: "Forecast.Seasons[\(index)]", keyPosition: SourcePosition(item.mark), value: item)
                let single = YAMLMapping(path: "Forecast.Seasons", name: "Forecast.Seasons", position: SourcePosition(item.mark), entries: [itemEntry])
                if let seconds = reader.seconds("season", in: single, range: 3600...(35 * 86_400)) { seasons.append(seconds) }
            }
            if seasons.isEmpty, let seasonsEntry = map["Seasons"] {
                reader.report(.invalidValue, at: seasonsEntry.valuePosition, "Forecast.Seasons must name at least one season, such as 1d or 7d")
            }
            forecast.seasonsSeconds = seasons
        }
        if forecast.horizonSeconds < forecast.bucketSeconds, let horizon = map["Horizon"] {
            reader.report(.conflictingValues, at: horizon.valuePosition, "Forecast.Horizon must be at least one Bucket (\(forecast.bucketSeconds) s)")
        }
        return forecast
    }
}
