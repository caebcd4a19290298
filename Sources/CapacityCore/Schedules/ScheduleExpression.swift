import Foundation

/// When a schedule fires: an AWS-style `cron(...)`, `rate(...)` or `at(...)` expression, or a standard
/// 5-field Unix cron expression.
///
/// Accepted forms (parse with ``parse(_:)``):
/// - `cron(M H DoM Mon DoW Y)` — the AWS 6-field form. Day-of-week is **1–7 = SUN–SAT**; names JAN–DEC
///   and SUN–SAT; lists, ranges and steps (`*/15`, `10-40/5`, `0/10`) in every field; exactly one of
///   day-of-month and day-of-week must be `?` (AWS's rule: the other one alone picks the days).
///   Day-of-month also takes `L` (last day), `LW` (last weekday) and `nW` (the weekday nearest day n,
///   staying in the month); day-of-week takes `L` (Saturday, the last day of the week), `nL` (the last
///   weekday n of the month, `6L` = last Friday) and `n#k` (the k-th weekday n, `2#1` = first Monday).
///   Years 1970–2199.
/// - `cron(M H DoM Mon DoW)` or bare `M H DoM Mon DoW` — Unix (Vixie) cron. Day-of-week is 0–7 with
///   both 0 and 7 = Sunday. When both day fields are restricted (neither starts with `*`), a day matching
///   **either** matches, as in Vixie cron; otherwise both must match.
/// - `rate(N unit)` — unit `minute`, `hour` or `day` for N = 1, `minutes`, `hours` or `days` for N > 1.
///   Fires at `anchor + k·N·unit` in absolute time (a day is 86 400 s, unaffected by DST); the anchor is
///   1970-01-01T00:00:00Z unless a ``ScheduledBounds/startTime`` supplies one.
/// - `at(yyyy-mm-ddThh:mm:ss)` — once, at that wall-clock time in the schedule's time zone.
///
/// Cron and `at` are wall-clock times in the time zone passed to ``nextFire(after:in:rateAnchor:)``;
/// see that method for what happens at DST transitions. Cron fires at second 0 of matching minutes.
///
/// Two expressions are equal when their normalised text (``description``) is equal; decoding parses
/// a string, encoding writes ``description``.
public struct ScheduleExpression: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The syntax an expression was written in.
    public enum Kind: String, Sendable, Hashable {
        /// `cron(M H DoM Mon DoW Y)`.
        case awsCron
        /// `cron(M H DoM Mon DoW)` or a bare 5-field expression.
        case unixCron
        /// `rate(N unit)`.
        case rate
        /// `at(yyyy-mm-ddThh:mm:ss)`.
        case at
    }

    enum Form: Sendable {
        case cron(CronPattern, CronPattern.Dialect)
        case rate(RateInterval)
        case at(OneOffTime)
    }

    let form: Form

    /// The normalised expression: `cron(...)` with single spaces and upper-case names, `rate(...)` or `at(...)`.
    /// Parsing it gives an equal expression.
    public let description: String

    public var kind: Kind {
        switch form {
        case .cron(_, .aws): .awsCron
        case .cron(_, .unix): .unixCron
        case .rate: .rate
        case .at: .at
        }
    }

    /// The period of a `rate(...)` expression, in seconds; nil for other kinds.
    public var rateSeconds: Int? {
        if case .rate(let interval) = form { interval.seconds } else { nil }
    }

    init(form: Form, description: String) {
        self.form = form
        self.description = description
    }

    public static func == (lhs: ScheduleExpression, rhs: ScheduleExpression) -> Bool {
        lhs.description == rhs.description
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Self.parse(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
