import ArgumentParser
import Foundation
import PolicyFiles

/// The settings `run` and `plan` share. Each has a flag and a `HEADROOM_*` variable;
/// a flag wins over the variable, the variable over the config file, the file over the default.
struct DaemonOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("The daemon's YAML configuration file.", valueName: "FILE"))
    var configPath: String?

    @Option(name: .customLong("policies"), help: ArgumentHelp("A policy file or a folder of them (repeatable).", valueName: "PATH"))
    var policies: [String] = []

    @Option(help: ArgumentHelp("Seconds between reconciles, or a duration such as 30s or 1m.", valueName: "DURATION"))
    var interval: String?

    @Option(help: "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's).")
    var region: String?

    @Option(help: "Named profile from the shared AWS config and credentials files.")
    var profile: String?

    @Flag(name: .customLong("no-cloudwatch"), help: "Do not read CloudWatch metrics.")
    var noCloudWatch = false

    @Option(name: .customLong("prometheus-url"), help: ArgumentHelp("Prometheus base URL for Prometheus metrics.", valueName: "URL"))
    var prometheusURL: String?

    @Option(name: .customLong("lease-table"), help: ArgumentHelp("DynamoDB table for the leader lease; without one, this is the only replica.", valueName: "TABLE"))
    var leaseTable: String?

    @Option(name: .customLong("lease-name"), help: "The lease's key in the table, one per fleet of replicas.")
    var leaseName: String?

    @Option(name: .customLong("lease-duration"), help: ArgumentHelp("How long a lease lasts unless renewed.", valueName: "DURATION"))
    var leaseDuration: String?

    @Option(name: .customLong("holder-id"), help: "This replica's name in the lease (default: host name and process id).")
    var holderID: String?

    @Option(help: ArgumentHelp("Address for /metrics, /healthz and /readyz.", valueName: "HOST:PORT"))
    var listen: String?

    @Option(help: ArgumentHelp("Decision journal: one JSON line per actuation or held decision.", valueName: "FILE"))
    var journal: String?

    @Option(help: ArgumentHelp("Local file keeping decision history across restarts.", valueName: "FILE"))
    var state: String?

    @Option(
        name: .customLong("api-budget"),
        help: ArgumentHelp(
            "Override an API family's client-side limit, e.g. ecs-service-read=40/200 after a quota increase (repeatable).",
            valueName: "FAMILY=RATE/BURST"))
    var apiBudget: [String] = []

    @Flag(name: .customLong("no-api-budget"), help: "Do not pace AWS calls on the client (AWS may then throttle a large fleet).")
    var noAPIBudget = false

    @Option(name: .customLong("log-format"), help: "text or json (one JSON object per line).")
    var logFormat: LogFormat?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    /// The effective configuration: defaults, then the file, then the environment, then flags.
    func resolve(environment: [String: String]) throws -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        if let path = configPath ?? environment["HEADROOM_CONFIG"] {
            do {
                configuration = try DaemonConfigurationLoader.load(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ValidationError(error.description)
            }
            // Relative policy paths in the file are relative to the file.
            let base = URL(fileURLWithPath: path).deletingLastPathComponent()
            configuration.policies = configuration.policies.map { $0.hasPrefix("/") ? $0 : base.appendingPathComponent($0).path }
        }
        try apply(environment: environment, to: &configuration)
        try applyFlags(to: &configuration)
        guard !configuration.policies.isEmpty else {
            throw ValidationError("no policies: pass --policies PATH, set HEADROOM_POLICIES, or list Policies in --config")
        }
        return configuration
    }

    private func apply(environment: [String: String], to configuration: inout DaemonConfiguration) throws {
        if let value = environment["HEADROOM_POLICIES"] {
            configuration.policies = value.split(whereSeparator: { $0 == ":" || $0 == "," }).map(String.init)
        }
        if let value = environment["HEADROOM_INTERVAL"] { configuration.intervalSeconds = try Self.seconds(value, "HEADROOM_INTERVAL") }
        if let value = environment["HEADROOM_REGION"] { configuration.region = value }
        if let value = environment["HEADROOM_PROFILE"] { configuration.profile = value }
        if let value = environment["HEADROOM_CLOUDWATCH"] { configuration.cloudWatch = !["false", "0", "no", "off"].contains(value.lowercased()) }
        if let value = environment["HEADROOM_PROMETHEUS_URL"] { configuration.prometheusURL = value }
        if let value = environment["HEADROOM_LEASE_TABLE"] { configuration.leaseTable = value }
        if let value = environment["HEADROOM_LEASE_NAME"] { configuration.leaseName = value }
        if let value = environment["HEADROOM_LEASE_DURATION"] { configuration.leaseDurationSeconds = try Self.seconds(value, "HEADROOM_LEASE_DURATION") }
        if let value = environment["HEADROOM_LISTEN"] { configuration.listen = value }
        if let value = environment["HEADROOM_JOURNAL"] { configuration.journalPath = value }
        if let value = environment["HEADROOM_STATE"] { configuration.statePath = value }
        if let value = environment["HEADROOM_API_BUDGET"] {
            if ["off", "false", "0", "no"].contains(value.lowercased()) {
                configuration.apiBudget = false
            } else {
                configuration.apiLimitOverrides = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }
    }

    private func applyFlags(to configuration: inout DaemonConfiguration) throws {
        if !policies.isEmpty { configuration.policies = policies }
        if let interval { configuration.intervalSeconds = try Self.seconds(interval, "--interval") }
        if let region { configuration.region = region }
        if let profile { configuration.profile = profile }
        if noCloudWatch { configuration.cloudWatch = false }
        if let prometheusURL { configuration.prometheusURL = prometheusURL }
        if let leaseTable { configuration.leaseTable = leaseTable }
        if let leaseName { configuration.leaseName = leaseName }
        if let leaseDuration { configuration.leaseDurationSeconds = try Self.seconds(leaseDuration, "--lease-duration") }
        if let listen { configuration.listen = listen }
        if let journal { configuration.journalPath = journal }
        if let state { configuration.statePath = state }
        if !apiBudget.isEmpty { configuration.apiLimitOverrides = apiBudget }
        if noAPIBudget { configuration.apiBudget = false }
        do {
            _ = try configuration.apiLimits()
        } catch {
            throw ValidationError("\(error)")
        }
        guard DaemonConfiguration.parseListen(configuration.listen) != nil else {
            throw ValidationError("listen address '\(configuration.listen)' must be HOST:PORT, e.g. 127.0.0.1:9464")
        }
        guard configuration.intervalSeconds >= 1 else { throw ValidationError("the interval must be at least 1 second") }
    }

    /// `15`, `15s`, `2m`, `1h`.
    static func seconds(_ text: String, _ name: String) throws -> Int {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        if let number = Int(text), number >= 0 { return number }
        if let last = text.last, let unit = units[last], let number = Int(text.dropLast()), number >= 0 { return number * unit }
        throw ValidationError("\(name) '\(text)' must be seconds or a duration such as 15s, 2m or 1h")
    }

    /// The lease holder's name: the flag, `HEADROOM_HOLDER_ID`, or host name and process id.
    func holder(environment: [String: String]) -> String {
        holderID ?? environment["HEADROOM_HOLDER_ID"] ?? "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    func logFormat(environment: [String: String]) -> LogFormat {
        logFormat ?? environment["HEADROOM_LOG_FORMAT"].flatMap(LogFormat.init(rawValue:)) ?? .text
    }
}
