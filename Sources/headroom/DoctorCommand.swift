import AWSClient
import ArgumentParser
import CapacityCore
import Controller
import Foundation
import PolicyFiles

/// `headroom doctor`: checks that Headroom can run here, and says how to fix what cannot.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check region, credentials, policy files and every target they scale; say how to fix each problem.",
        discussion: """
            Run it before `headroom run`, after changing IAM permissions, or when the daemon \
            reports errors. Each check prints one line, `ok` or `FAIL`, and every FAIL is \
            followed by a `fix:` line. The exit status is 1 when any check fails.

            Checks, in order: the configuration file (with --config), the region, the \
            credentials (sts:GetCallerIdentity, which needs no permission), the policy files, \
            each policy's target (described the way the controller describes it, in the \
            policy's own Region), the lease table when the configuration names one, and each \
            policy's metrics, read once from CloudWatch or Prometheus the way the controller \
            reads them (a metric with no recent datapoint fails: Headroom never scales in on it).

            Examples:
              headroom doctor --policies policies/
              headroom doctor --config /etc/headroom/headroom.yaml
              headroom doctor --policies policies/api.yaml --profile prod --region eu-west-1
            """
    )

    @Option(help: ArgumentHelp("The daemon's configuration file; its Policies, Region, Profile and Lease are checked.", valueName: "file"))
    var config: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Policy files or folders of them (instead of --config).", valueName: "path"))
    var policies: [String] = []

    @Option(name: .customLong("prometheus-url"), help: ArgumentHelp(
        "Prometheus to read the policies' Prometheus metrics from (default: MetricSources.Prometheus.URL of --config).",
        valueName: "url"))
    var prometheusURL: String?

    @OptionGroup var aws: AWSOptions

    func validate() throws {
        if config != nil && !policies.isEmpty {
            throw CommandFailure("give --config or --policies, not both")
        }
    }

    func run() async throws {
        var report = DoctorReport()
        var options = aws
        var regionOrigin = aws.region == nil ? nil : "--region"
        var policyPaths = policies
        var lease: (table: String, name: String)?
        var cloudWatch = true
        var prometheus = prometheusURL
        var interval = DaemonConfiguration().intervalSeconds
        if let config {
            guard let configuration = checkConfiguration(config, into: &report) else {
                try report.finish()
                return
            }
            policyPaths = configuration.policies
            // Flag, then environment, then file: the file's Region and Profile fill gaps only.
            let environment = ProcessInfo.processInfo.environment
            let environmentRegion = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
            if options.region == nil, environmentRegion?.isEmpty ?? true, let region = configuration.region {
                options.region = region
                regionOrigin = "Region of \(config)"
            }
            if options.profile == nil, environment["AWS_PROFILE"]?.isEmpty ?? true {
                options.profile = configuration.profile
            }
            lease = configuration.leaseTable.map { ($0, configuration.leaseName) }
            interval = configuration.intervalSeconds
            cloudWatch = configuration.cloudWatch
            prometheus = prometheus ?? configuration.prometheusURL
        }
        let checker = try DoctorAWSChecks(options: options, regionOrigin: regionOrigin)
        checker.checkRegion(into: &report)
        let identity = await checker.checkCredentials(into: &report)
        let loaded = checkPolicies(policyPaths, into: &report)
        DoctorBudgetCheck.check(loaded.policies, interval: interval, defaultRegion: checker.configuration?.region?.name, into: &report)
        if identity == nil {
            report.skip("targets", "not checked until the credentials work")
            report.skip("metric sources", "not checked until the credentials work")
        } else {
            await checker.checkTargets(loaded, into: &report)
            if let lease { await checker.checkLeaseTable(lease.table, leaseName: lease.name, into: &report) }
            if let configuration = checker.configuration {
                let metrics = DoctorMetricChecks(configuration: configuration, cloudWatch: cloudWatch, prometheusURL: prometheus)
                await metrics.check(loaded, into: &report)
            }
        }
        try report.finish()
    }

    private func checkConfiguration(_ path: String, into report: inout DoctorReport) -> DaemonConfiguration? {
        do {
            let configuration = try DaemonConfigurationLoader.load(contentsOf: URL(fileURLWithPath: path))
            report.ok("configuration", path)
            return configuration
        } catch {
            report.fail("configuration", error.description, fix: "correct the file at the line and column shown")
            return nil
        }
    }

    /// Loads the policies; one FAIL per problem.
    private func checkPolicies(_ paths: [String], into report: inout DoctorReport) -> PolicySet {
        var set = PolicySet()
        guard !paths.isEmpty else {
            report.fail("policies", "no policy files given", fix: "pass --policies PATH... or --config FILE with a Policies list")
            return set
        }
        let problems = set.load(paths, reference: Date())
        for problem in problems {
            report.fail("policies", problem, fix: "`headroom policy check FILE` lists every problem of a file")
        }
        let count = set.policies.count
        if problems.isEmpty || count > 0 {
            report.ok("policies", "\(count) polic\(count == 1 ? "y" : "ies") with a target, from \(paths.joined(separator: " "))")
        }
        return set
    }
}
