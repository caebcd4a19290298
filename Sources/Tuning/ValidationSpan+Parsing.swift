import Foundation

extension ValidationSpan {
    /// Reads `--validate-last`: a fraction of the steps (`0.25`, `1/3`) or a duration with its unit
    /// (`3600s`, `90m`, `12h`, `7d`); `nil` when the text is neither.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let slash = trimmed.firstIndex(of: "/") {
            guard let numerator = Double(trimmed[..<slash]), let denominator = Double(trimmed[trimmed.index(after: slash)...]),
                denominator > 0
            else { return nil }
            self = .fraction(numerator / denominator)
            return
        }
        if let fraction = Double(trimmed) {
            guard fraction < 1 else { return nil }
            self = .fraction(fraction)
            return
        }
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = trimmed.last, let seconds = units[unit], let count = Int(trimmed.dropLast()), count >= 0 else { return nil }
        let (total, overflow) = count.multipliedReportingOverflow(by: seconds)
        guard !overflow else { return nil }
        self = .seconds(total)
    }
}
