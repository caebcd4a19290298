import Foundation
import SigV4
import Testing

@Suite("X-Amz-Date values")
struct AmzDateTests {
    @Test(
        "formatting known times",
        arguments: [
            (0.0, "19700101T000000Z"), (1_440_938_160.0, "20150830T123600Z"), (1_709_164_799.9, "20240228T235959Z"),
            (1_709_251_199.0, "20240229T235959Z"), (951_782_400.0, "20000229T000000Z"), (-1.0, "19691231T235959Z"),
            (4_102_444_800.0, "21000101T000000Z"),
        ]
    )
    func known(seconds: Double, text: String) throws {
        #expect(AmzDate(Date(timeIntervalSince1970: seconds)).text == text)
        let parsed = try AmzDate(parsing: text)
        #expect(parsed.date == Date(timeIntervalSince1970: seconds.rounded(.down)))
        #expect(parsed.scopeDate == String(text.prefix(8)))
    }

    @Test("agrees with Foundation's ISO 8601 formatter from 1900 to 2200")
    func agreesWithFoundation() {
        let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
            .year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false)
            .dateSeparator(.omitted).timeSeparator(.omitted)
        var seconds = -2_208_988_800.0  // 1900-01-01
        var mismatches = [String]()
        while seconds < 7_258_118_400 {  // 2200-01-01
            let date = Date(timeIntervalSince1970: seconds)
            let expected = date.formatted(style) + "Z"
            let actual = AmzDate(date).text
            if actual != expected { mismatches.append("\(seconds): \(actual) vs \(expected)") }
            seconds += 86_400 * 7 + 3_601  // walks through every weekday and hour
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(3))")
    }

    @Test(
        "malformed values are rejected",
        arguments: ["", "20150830", "20150830T123600", "2015-08-30T12:36:00Z", "20150230T000000Z", "20151301T000000Z",
                    "20150830T246000Z", "20150830T123660Z", "2015083OT123600Z", "20150830t123600z"]
    )
    func malformed(text: String) {
        #expect(throws: SigV4Error.self) { try AmzDate(parsing: text) }
    }
}
