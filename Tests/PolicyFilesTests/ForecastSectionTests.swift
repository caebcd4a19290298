import CapacityCore
import PolicyFiles
import Testing

@Suite("Forecast section")
struct ForecastSectionTests {
    @Test func readsEveryKey() throws {
        let loaded = try policy(minimalHead + """
            Forecast:
              Horizon: 20m
              Bucket: 5m
              Seasons: [1d, 7d]
              History: 14d
              Headroom: 0.2
              WarmPoolErrorFactor: 1.5
            """)
        #expect(loaded.forecast == ForecastPolicy(horizonSeconds: 1200, bucketSeconds: 300, seasonsSeconds: [86_400, 604_800], historySeconds: 1_209_600, headroom: 0.2, warmPoolErrorFactor: 1.5))
    }

    @Test func defaultsWhenEmpty() throws {
        let loaded = try policy(minimalHead + "Forecast: {}\n")
        #expect(loaded.forecast == ForecastPolicy())
        #expect(try policy(minimalHead).forecast == nil)
    }

    @Test func badSeasonIsReportedAtItsItem() {
        let yaml = minimalHead + """
            Forecast:
              Seasons: [1d, soon]
            """
        let found = problems(yaml)
        #expect(found.count == 1)
        #expect(found.first?.line == 8 && found.first?.column == 17, "\(found)")
        #expect(found.first?.message.contains("Forecast.Seasons[1]") == true)
    }

    @Test func horizonShorterThanABucketIsRejected() {
        let found = problems(minimalHead + "Forecast: {Horizon: 2m, Bucket: 5m}\n")
        #expect(found.count == 1)
        #expect(found.first?.message.contains("at least one Bucket") == true)
    }
}
