/// A tuning run that cannot start or found nothing to write, with what to do about it.
public struct TuningError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case traceTooShort(String)
        case invalidSplit(String)
        case unsuitableBaseline(String)
        case impossibleConstraint(String)
        case invalidBudget(Int)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    static func traceTooShort(_ why: String) -> TuningError { .init(.traceTooShort(why)) }
    static func invalidSplit(_ why: String) -> TuningError { .init(.invalidSplit(why)) }
    static func unsuitableBaseline(_ why: String) -> TuningError { .init(.unsuitableBaseline(why)) }
    static func impossibleConstraint(_ why: String) -> TuningError { .init(.impossibleConstraint(why)) }
    static func invalidBudget(_ budget: Int) -> TuningError { .init(.invalidBudget(budget)) }

    public var description: String {
        switch code {
        case .traceTooShort(let why): "trace too short to split: \(why)"
        case .invalidSplit(let why): "--validate-last: \(why)"
        case .unsuitableBaseline(let why): "baseline: \(why)"
        case .impossibleConstraint(let why): "impossible constraint: \(why)"
        case .invalidBudget(let budget): "--budget must be at least 1 (found \(budget))"
        }
    }
}
