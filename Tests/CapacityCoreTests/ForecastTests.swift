import CapacityCore
import Foundation
import Testing

@Suite("Forecast")
struct ForecastTests {
    /// A daily sine between 10 and 30 units, plus `trendPerDay` growth, sampled every 5 minutes.
    func diurnal(days: Int, trendPerDay: Double = 0, skipDay: Int? = nil) -> LoadHistory {
        var history = LoadHistory(bucketSeconds: 300, capacity: 14 * 288)
        for step in 0..<(days * 288) {
            let day = step / 288
            if day == skipDay { continue }
            let seconds = Double(step * 300)
            let value = 20 + 10 * sin(2 * .pi * seconds / 86_400) + trendPerDay * seconds / 86_400
            history.record(value, at: t0.addingTimeInterval(seconds))
        }
        return history
    }

    func expected(at seconds: Double, trendPerDay: Double = 0) -> Double {
        20 + 10 * sin(2 * .pi * seconds / 86_400) + trendPerDay * seconds / 86_400
    }

    @Test func recoversADailyCycle() throws {
        let history = diurnal(days: 3)
        // Predict from the start of day 3 + 6 h - where the sine peaks - 15 minutes ahead.
        let now = t0.addingTimeInterval(3 * 86_400 + 5.5 * 3600)
        let forecast = try #require(SeasonalForecaster.forecast(history, now: now, horizonSeconds: 900, seasonsSeconds: [86_400, 172_800]))
        let truth = (0...3).map { expected(at: 3 * 86_400 + 5.5 * 3600 + Double($0) * 300) }.max()!
        #expect(abs(forecast.peak - truth) < 0.5, "forecast \(forecast.peak) vs truth \(truth)")
    }

    @Test func carriesATrendForward() throws {
        // Growth of 5 units a day: yesterday's value alone would fall ~5 short.
        let history = diurnal(days: 4, trendPerDay: 5)
        let nowSeconds = 4 * 86_400 + 12 * 3600.0
        let forecast = try #require(SeasonalForecaster.forecast(history, now: t0.addingTimeInterval(nowSeconds), horizonSeconds: 600, seasonsSeconds: [86_400]))
        let truth = (0...2).map { expected(at: nowSeconds + Double($0) * 300, trendPerDay: 5) }.max()!
        let naive = (0...2).map { expected(at: nowSeconds - 86_400 + Double($0) * 300, trendPerDay: 5) }.max()!
        #expect(abs(forecast.peak - truth) < abs(naive - truth) / 2, "forecast \(forecast.peak), truth \(truth), naive \(naive)")
    }

    @Test func survivesAMissingDay() throws {
        let history = diurnal(days: 8, skipDay: 6)
        let nowSeconds = 8 * 86_400 + 5.5 * 3600.0
        let forecast = try #require(SeasonalForecaster.forecast(history, now: t0.addingTimeInterval(nowSeconds), horizonSeconds: 900, seasonsSeconds: [86_400, 172_800, 604_800]))
        let truth = (0...3).map { expected(at: nowSeconds + Double($0) * 300) }.max()!
        #expect(abs(forecast.peak - truth) < 1.0)
        #expect(forecast.seasons == 2, "yesterday (day 7) and a week ago (day 1) remain; two days ago (day 6) is missing")
    }

    @Test func flatSeriesForecastsFlat() throws {
        var history = LoadHistory(bucketSeconds: 300, capacity: 4000)
        for step in 0..<(2 * 288) { history.record(7, at: t0.addingTimeInterval(Double(step * 300))) }
        let forecast = try #require(SeasonalForecaster.forecast(history, now: t0.addingTimeInterval(2 * 86_400), horizonSeconds: 900, seasonsSeconds: [86_400]))
        #expect(forecast.peak == 7)
        #expect(forecast.uncertainty == 0)
    }

    @Test func noForecastBeforeASeasonOfHistory() {
        var history = LoadHistory(bucketSeconds: 300, capacity: 4000)
        for step in 0..<144 { history.record(expected(at: Double(step * 300)), at: t0.addingTimeInterval(Double(step * 300))) }
        // Twelve hours of history: nothing is known about the same time yesterday.
        #expect(SeasonalForecaster.forecast(history, now: t0.addingTimeInterval(43_200), horizonSeconds: 900, seasonsSeconds: [86_400]) == nil)
    }

    @Test func missingBucketsAreNotZeros() {
        var history = LoadHistory(bucketSeconds: 60, capacity: 100)
        history.record(5, at: t0)
        history.record(6, at: t0.addingTimeInterval(300))
        history.record(7, at: t0.addingTimeInterval(360))
        #expect(history.value(at: history.index(of: t0)) == 5)
        #expect(history.value(at: history.index(of: t0.addingTimeInterval(120))) == nil)
        #expect(history.value(at: history.index(of: t0.addingTimeInterval(300))) == 6)
    }

    /// Feeds two days of a daily cycle through a planner whose reactive part can never scale out.
    func plannerWithHistory(max: Int) -> (CapacityPlanner, Double) {
        let tracking = TargetTrackingPolicy(metrics: [utilization()], scaleOut: ScalingBehavior(selectPolicy: .disabled), scaleIn: ScalingBehavior(selectPolicy: .disabled))
        let policy = CapacityPolicy(name: "f", bounds: CapacityBounds(min: 1, max: max), strategy: .targetTracking(tracking), forecast: ForecastPolicy(horizonSeconds: 900, seasonsSeconds: [86_400]))
        var planner = CapacityPlanner(policy: policy)
        // 10 ready units whose utilization traces a cycle: units needed = 10 × u / 60.
        var seconds = 0.0
        while seconds < 2 * 86_400 - 3 * 3600 {
            let needed = expected(at: seconds)
            let observation = Observation(time: t0.addingTimeInterval(seconds + 60), currentCapacity: 10, readyUnits: 10, readings: [.value(needed * 6, at: t0.addingTimeInterval(seconds), periodSeconds: 60)])
            _ = planner.decide(observation)
            seconds += 60
        }
        return (planner, seconds)
    }

    @Test func forecastRaisesAFloorAheadOfTheLoad() {
        var (planner, seconds) = plannerWithHistory(max: 100)
        // Day 2, 21:00: the cycle is at its trough (10 units); the floor follows the forecast.
        let decision = planner.decide(Observation(time: t0.addingTimeInterval(seconds + 60), currentCapacity: 5, readyUnits: 5, readings: [.value(60, at: t0.addingTimeInterval(seconds), periodSeconds: 60)]))
        #expect(decision.codes.contains("forecast_floor"))
        #expect(decision.desired >= 11)
    }

    @Test func forecastFloorNeverExceedsMax() {
        var (planner, seconds) = plannerWithHistory(max: 8)
        let decision = planner.decide(Observation(time: t0.addingTimeInterval(seconds + 60), currentCapacity: 5, readyUnits: 5, readings: [.value(60, at: t0.addingTimeInterval(seconds), periodSeconds: 60)]))
        #expect(decision.desired == 8)
    }

    @Test func forecastNeverScalesInByItself() {
        var (planner, seconds) = plannerWithHistory(max: 100)
        let decision = planner.decide(Observation(time: t0.addingTimeInterval(seconds + 60), currentCapacity: 40, readyUnits: 40, readings: [.value(1, at: t0.addingTimeInterval(seconds), periodSeconds: 60)]))
        #expect(decision.desired == 40, "the forecast is far below 40 but only raises floors; scale-in is disabled here")
    }
}
