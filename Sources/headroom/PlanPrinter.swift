import ArgumentParser
import CapacityCore
import Controller
import Foundation

/// Prints a reconcile report for people (a table) or scripts (JSON).
enum PlanPrinter {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    static func printTable(_ report: ReconcileReport, dryRun: Bool) {
        if report.outcomes.isEmpty {
            print("no targets")
            return
        }
        let width = report.outcomes.map { $0.placement.identity(of: $0.target).count }.max() ?? 0
        for outcome in report.outcomes {
            let name = outcome.placement.identity(of: outcome.target).padding(toLength: width, withPad: " ", startingAt: 0)
            if let error = outcome.error, outcome.decision == nil {
                print("\(name)  ERROR  \(error)")
                continue
            }
            guard let decision = outcome.decision else { continue }
            let change = decision.changesCapacity ? "\(decision.current) → \(decision.desired)" : "\(decision.current) (no change)"
            print("\(name)  \(change)  [min \(decision.bounds.min), max \(decision.bounds.max)]")
            for reason in decision.reasons {
                print("\(String(repeating: " ", count: width))    - \(reason)")
            }
            if let forecast = outcome.forecast {
                print("\(String(repeating: " ", count: width))    \(forecast)")
            }
            if !outcome.suspendsAWSScaling.isEmpty {
                let verb = dryRun ? "would suspend" : "suspended"
                print("\(String(repeating: " ", count: width))    \(verb) AWS's own scaling: \(outcome.suspendsAWSScaling.joined(separator: ", "))")
            }
            for action in outcome.actions {
                print("\(String(repeating: " ", count: width))    \(dryRun ? "would write" : "wrote"): \(action)")
            }
            if let error = outcome.error {
                print("\(String(repeating: " ", count: width))    ERROR: \(error)")
            }
        }
    }

    struct JSONReport: Encodable {
        var targets: [Target]

        struct Target: Encodable {
            var target: String
            var policy: String
            var current: Int?
            var desired: Int?
            var min: Int?
            var max: Int?
            var change: Bool
            var reasons: [Reason]
            var actions: [String]
            var error: String?
            var forecast: Forecast?
            /// AWS's own scaling suspended (or to suspend) to adopt the target first.
            var suspendsAWSScaling: [String]
        }

        /// The forecast's readiness: `active` false means reactive only until `neededSeconds`;
        /// `historyError` and `retryAt` say why the history could not be read, and when it is next tried.
        struct Forecast: Encodable {
            var active: Bool
            var historySeconds: Int
            var neededSeconds: Int?
            var historyError: String?
            var retryAt: Date?
            var message: String
        }

        struct Reason: Encodable {
            var code: String
            var message: String
        }
    }

    static func forecastJSON(_ status: ForecastStatus) -> JSONReport.Forecast {
        switch status {
        case .ready(let have):
            JSONReport.Forecast(active: true, historySeconds: have, message: status.description)
        case .warmingUp(let have, let needed):
            JSONReport.Forecast(active: false, historySeconds: have, neededSeconds: needed, message: status.description)
        case .historyUnreadable(let have, let needed, let reason, let retryAt):
            JSONReport.Forecast(
                active: false, historySeconds: have, neededSeconds: needed, historyError: reason, retryAt: retryAt,
                message: status.description)
        }
    }

    static func printJSON(_ report: ReconcileReport) throws {
        let targets = report.outcomes.map { outcome in
            JSONReport.Target(
                target: outcome.placement.identity(of: outcome.target), policy: outcome.policy,
                current: outcome.decision?.current ?? outcome.state?.desired, desired: outcome.decision?.desired,
                min: outcome.decision?.bounds.min, max: outcome.decision?.bounds.max,
                change: outcome.decision?.changesCapacity ?? false,
                reasons: outcome.decision?.reasons.map { JSONReport.Reason(code: $0.code, message: $0.description) } ?? [],
                actions: outcome.actions.map(\.description), error: outcome.error?.description,
                forecast: outcome.forecast.map(forecastJSON), suspendsAWSScaling: outcome.suspendsAWSScaling)
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(JSONReport(targets: targets)), as: UTF8.self))
    }
}
