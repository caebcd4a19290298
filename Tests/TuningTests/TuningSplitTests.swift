import Simulator
import Testing

@testable import Tuning

@Suite struct TuningSplitTests {
    @Test func theLastThirdIsKeptForValidation() throws {
        let split = try TuningSplit(stepCount: 3000, stepSeconds: 60, validateLast: .fraction(1.0 / 3))
        #expect(split.fitSteps == 0..<2000)
        #expect(split.validationSteps == 2000..<3000)
    }

    @Test func aDurationIsRoundedUpToWholeSteps() throws {
        let split = try TuningSplit(stepCount: 4000, stepSeconds: 300, validateLast: .seconds(86_400 + 1))
        #expect(split.validationSteps.count == 289)
        #expect(split.fitSteps.upperBound == split.validationSteps.lowerBound)
    }

    @Test func aTraceBelowFiveHundredStepsIsTooShort() {
        #expect {
            try TuningSplit(stepCount: 499, stepSeconds: 60, validateLast: .fraction(1.0 / 3))
        } throws: { error in
            "\(error)".contains("trace too short to split") && "\(error)".contains("499 steps")
        }
        #expect(throws: Never.self) { try TuningSplit(stepCount: 500, stepSeconds: 60, validateLast: .fraction(1.0 / 3)) }
    }

    @Test func aSpanLeavingATinyPartIsRefused() {
        #expect {
            try TuningSplit(stepCount: 1000, stepSeconds: 60, validateLast: .fraction(0.95))
        } throws: { error in
            "\(error)".contains("leaves 50 to fit on")
        }
        #expect(throws: TuningError.self) { try TuningSplit(stepCount: 1000, stepSeconds: 60, validateLast: .fraction(1)) }
    }

    @Test func theFittingTraceHoldsOnlyTheFirstPart() throws {
        let trace = Trace(name: "t", timestampFormat: .iso8601, startSeconds: 86_400, stepSeconds: 60, values: (0..<900).map(Double.init))
        let split = try TuningSplit(stepCount: trace.count, stepSeconds: 60, validateLast: .fraction(1.0 / 3))
        let fitting = split.fittingTrace(of: trace)
        #expect(fitting.values == (0..<600).map(Double.init))
        #expect(fitting.startSeconds == 86_400)
        #expect(fitting.stepSeconds == 60)
    }

    @Test(arguments: [
        ("1/3", ValidationSpan.fraction(1.0 / 3)), ("0.25", .fraction(0.25)), ("7d", .seconds(604_800)), ("12h", .seconds(43_200)),
        ("90m", .seconds(5400)), ("3600s", .seconds(3600)),
    ])
    func validateLastReadsFractionsAndDurations(text: String, expected: ValidationSpan) {
        #expect(ValidationSpan(parsing: text) == expected)
    }

    @Test(arguments: ["", "3", "2.5", "7w", "abc", "1/0", "-5m"])
    func validateLastRefusesTheRest(text: String) {
        #expect(ValidationSpan(parsing: text) == nil)
    }
}
