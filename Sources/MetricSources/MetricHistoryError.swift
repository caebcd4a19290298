import CapacityCore
import Foundation

/// A metric's history could not be read. The message names the query and what went wrong.
public struct MetricHistoryError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case unsupportedQuery
            case invalidRange
            case sourceFailed
            case ambiguousResult
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The source cannot answer this kind of query (or the query itself is invalid for it).
        public static let unsupportedQuery = Code(.unsupportedQuery)
        /// `from`, `to` or `step` are not usable (empty range, step the source cannot use, too many points).
        public static let invalidRange = Code(.invalidRange)
        /// The source was asked and failed: unreachable, refused, or answered something unreadable.
        public static let sourceFailed = Code(.sourceFailed)
        /// The query returned more than one series or something that is not numbers.
        public static let ambiguousResult = Code(.ambiguousResult)

        public var description: String {
            switch kind {
            case .unsupportedQuery: "unsupported query"
            case .invalidRange: "invalid range"
            case .sourceFailed: "source failed"
            case .ambiguousResult: "ambiguous result"
            }
        }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human explanation naming the query and the problem.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    static func unsupportedQuery(_ query: MetricQuery, reason: String) -> Self {
        Self(.unsupportedQuery, "cannot read the history of \(query.displayName): \(reason)")
    }

    static func invalidRange(_ query: MetricQuery, reason: String) -> Self {
        Self(.invalidRange, "cannot read the history of \(query.displayName): \(reason)")
    }

    static func sourceFailed(_ query: MetricQuery, reason: String) -> Self {
        Self(.sourceFailed, "reading the history of \(query.displayName) failed: \(reason)")
    }

    /// No history source could be made for `place` (a role that cannot be assumed, a region
    /// that is not one): every query there fails alike.
    public static func unreachable(_ place: String, reason: String) -> Self {
        Self(.sourceFailed, "reading history in \(place) failed: \(reason)")
    }

    static func ambiguousResult(_ query: MetricQuery, reason: String) -> Self {
        Self(.ambiguousResult, "the history of \(query.displayName) is ambiguous: \(reason)")
    }
}
