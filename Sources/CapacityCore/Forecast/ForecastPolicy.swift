/// How a policy plans ahead: a seasonal forecast of load raises a floor under the count
/// before the load arrives. It never lowers anything (like AWS predictive scaling combined
/// with dynamic scaling: the larger wins).
public struct ForecastPolicy: Sendable, Hashable, Codable {
    /// How far ahead the floor must cover: the time a unit takes to become useful, plus margin.
    public var horizonSeconds: Int
    /// Resolution of the history and the forecast.
    public var bucketSeconds: Int
    /// The seasons to compare with, in seconds (a day, a week).
    public var seasonsSeconds: [Int]
    /// History kept, in seconds (14 days, like AWS predictive scaling).
    public var historySeconds: Int
    /// The forecast is multiplied by `1 + headroom` before it becomes a floor.
    public var headroom: Double
    /// Warm-pool units to keep per unit of expected forecast error (0 disables warm-pool planning).
    public var warmPoolErrorFactor: Double

    public init(
        horizonSeconds: Int = 900,
        bucketSeconds: Int = 300,
        seasonsSeconds: [Int] = [86_400, 172_800, 604_800],
        historySeconds: Int = 14 * 86_400,
        headroom: Double = 0.1,
        warmPoolErrorFactor: Double = 0
    ) {
        self.horizonSeconds = horizonSeconds
        self.bucketSeconds = bucketSeconds
        self.seasonsSeconds = seasonsSeconds
        self.historySeconds = historySeconds
        self.headroom = headroom
        self.warmPoolErrorFactor = warmPoolErrorFactor
    }
}
