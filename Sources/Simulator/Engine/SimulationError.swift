/// A simulation that cannot start or whose outputs cannot be written, with what to fix.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidScenario(field: String, why: String)
        case invalidTrace(why: String)
        case invalidScoreWindow(why: String)
        case loadTooLarge(step: Int, load: Double, units: Double)
        case noPolicies
        case duplicatePolicyName(name: String)
        case unusableFileName(name: String)
        case outputFailed(path: String, reason: String)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    static func invalidScenario(_ field: String, _ why: String) -> SimulationError { .init(.invalidScenario(field: field, why: why)) }
    static func invalidTrace(_ why: String) -> SimulationError { .init(.invalidTrace(why: why)) }
    static func invalidScoreWindow(_ why: String) -> SimulationError { .init(.invalidScoreWindow(why: why)) }
    static func loadTooLarge(step: Int, load: Double, units: Double) -> SimulationError {
        .init(.loadTooLarge(step: step, load: load, units: units))
    }
    static let noPolicies = SimulationError(.noPolicies)
    static func duplicatePolicyName(_ name: String) -> SimulationError { .init(.duplicatePolicyName(name: name)) }
    static func unusableFileName(_ name: String) -> SimulationError { .init(.unusableFileName(name: name)) }
    static func outputFailed(_ path: String, _ reason: String) -> SimulationError { .init(.outputFailed(path: path, reason: reason)) }

    public var description: String {
        switch code {
        case .invalidScenario(let field, let why):
            "scenario: \(field) \(why)"
        case .invalidTrace(let why):
            "trace: \(why)"
        case .invalidScoreWindow(let why):
            "score window: \(why)"
        case .loadTooLarge(let step, let load, let units):
            "trace step \(step): load \(load) needs \(units) units; is the scenario's capacityPerUnit in the trace's unit?"
        case .noPolicies:
            "no policy to simulate"
        case .duplicatePolicyName(let name):
            "two policies are named '\(name)'; names must be unique in one run (set Name: in the policy file)"
        case .unusableFileName(let name):
            "policy name '\(name)' cannot be a file name for its timeline (no '/', not empty, '.' or '..')"
        case .outputFailed(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
