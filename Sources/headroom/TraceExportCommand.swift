import AWSClient
import ArgumentParser
import CapacityCore
import Foundation
import MetricSources

/// `headroom trace export`: a metric's history as a simulator trace.
struct TraceExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a metric's history from CloudWatch or Prometheus as a simulator trace.",
        discussion: """
            Rows are written for every step from --from up to --to (a step that has not ended \
            by --to is left out), at ISO-8601 UTC times, with a constant step. Times are \
            2026-01-05T00:00:00Z, 2026-01-05 (midnight UTC), now, or now-DURATION (now-30d); \
            durations are 60s, 5m, 1h, 1d, 1w or sums such as 1h30m.

            A step without a value is an error that lists the first gaps, because a trace \
            that quietly turns an outage into zero load would mislead the simulation. Choose \
            --fill zero when no datapoint means no load (CloudWatch publishes RequestCount \
            only for minutes with requests) or --fill previous to repeat the last value over \
            short collection hiccups. Negative values are refused.

            The file is written atomically: to a temporary file next to it, then renamed. \
            On any error nothing is written and an existing file is left as it was.

            CloudWatch: credentials, region and endpoint come from the usual AWS settings \
            (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ~/.aws/config, instance roles); \
            --profile and --region override them. The step is the GetMetricData period: 1, 5, \
            10, 20, 30 s or a multiple of 60 s, and an explicit --from must be a multiple of it \
            (relative times are aligned down). CloudWatch keeps one-minute data for 15 days, \
            five-minute data for 63 days and hourly data for 455 days, and publishes \
            one-minute data a few minutes late: end at now-5m rather than now.

            Prometheus: --query must return one series (aggregate with sum(...)); it is \
            evaluated at each step with /api/v1/query_range, in requests of at most 11,000 \
            points.

            Examples:
              # Replay last month's production load: requests per minute at the ALB.
              headroom trace export --source cloudwatch \\
                  --namespace AWS/ApplicationELB --metric-name RequestCount \\
                  --dimension LoadBalancer=app/prod-api/50dc6c495c0c9188 --statistic Sum \\
                  --from 2026-10-01T00:00:00Z --to 2026-11-01T00:00:00Z --step 1m \\
                  --fill zero --output simulations/prod-api-october.csv

              # CPU of an ECS service over the last two weeks, five-minute steps.
              headroom trace export --source cloudwatch --region eu-west-1 --profile prod \\
                  --namespace AWS/ECS --metric-name CPUUtilization \\
                  --dimension ClusterName=prod --dimension ServiceName=api \\
                  --statistic Average --from now-14d --to now-10m --step 5m \\
                  --output api-cpu.csv

              # Inference requests per second from Prometheus, last 7 days.
              headroom trace export --source prometheus --url http://prometheus:9090 \\
                  --query 'sum(rate(inference_requests_total{model="llama"}[2m]))' \\
                  --from now-7d --step 1m --output llama-week.csv
            """
    )

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case cloudwatch
        case prometheus
    }

    enum Fill: String, ExpressibleByArgument, CaseIterable {
        case zero
        case previous
    }

    @Option(help: "Where the metric lives: cloudwatch or prometheus.")
    var source: Source

    @Option(help: ArgumentHelp("The first row's time.", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("The end of the range, exclusive.", valueName: "time"))
    var to: String = "now"

    @Option(help: ArgumentHelp("The step between rows.", valueName: "duration"))
    var step: String = "1m"

    @Option(help: ArgumentHelp("The trace file to write.", valueName: "file.csv"))
    var output: String

    @Option(help: "Fill steps without a value with zero or the previous value, instead of failing.")
    var fill: Fill?

    @Option(help: ArgumentHelp("CloudWatch namespace, e.g. AWS/ECS.", valueName: "namespace"))
    var namespace: String?

    @Option(name: .customLong("metric-name"), help: ArgumentHelp("CloudWatch metric name, e.g. CPUUtilization.", valueName: "name"))
    var metricName: String?

    @Option(name: .customLong("dimension"), help: ArgumentHelp("A CloudWatch dimension; repeat for several.", valueName: "Name=Value"))
    var dimensions: [String] = []

    @Option(help: ArgumentHelp("CloudWatch statistic: Average, Sum, Minimum, Maximum, SampleCount or pNN.", valueName: "stat"))
    var statistic: String = "Average"

    @Option(help: ArgumentHelp("AWS region (default: AWS_REGION or the profile's).", valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("AWS profile of ~/.aws/config (default: AWS_PROFILE or default).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("Prometheus base URL, e.g. http://prometheus:9090.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("PromQL expression returning one series.", valueName: "promql"))
    var query: String?

    func validate() throws {
        let cloudWatchOptions: [(String, Bool)] = [
            ("--namespace", namespace != nil), ("--metric-name", metricName != nil), ("--dimension", !dimensions.isEmpty),
            ("--region", region != nil), ("--profile", profile != nil),
        ]
        let prometheusOptions: [(String, Bool)] = [("--url", url != nil), ("--query", query != nil)]
        switch source {
        case .cloudwatch:
            if let stray = prometheusOptions.first(where: { $0.1 }) {
                throw ValidationError("\(stray.0) applies to --source prometheus only")
            }
            guard namespace?.isEmpty == false else { throw ValidationError("--source cloudwatch needs --namespace") }
            guard metricName?.isEmpty == false else { throw ValidationError("--source cloudwatch needs --metric-name") }
            _ = try parsedDimensions()
        case .prometheus:
            if let stray = cloudWatchOptions.first(where: { $0.1 }) {
                throw ValidationError("\(stray.0) applies to --source cloudwatch only")
            }
            guard url?.isEmpty == false else { throw ValidationError("--source prometheus needs --url") }
            guard query?.trimmingCharacters(in: .whitespaces).isEmpty == false else {
                throw ValidationError("--source prometheus needs --query")
            }
        }
    }

    func run() async throws {
        let now = Date()
        let stepSeconds = try TraceArguments.duration(step, option: "--step")
        var start = try TraceArguments.time(from, now: now, option: "--from")
        let end = try TraceArguments.time(to, now: now, option: "--to")
        if start.isRelative {
            // "now-7d" means "about a week": start on a step boundary so rows fall on the grid.
            let seconds = start.date.timeIntervalSince1970
            start.date = Date(timeIntervalSince1970: (seconds / Double(stepSeconds)).rounded(.down) * Double(stepSeconds))
        }

        let (metricQuery, historySource) = try makeSource(stepSeconds: stepSeconds, start: start)
        let grid = try TraceGrid(from: start.date, to: end.date, stepSeconds: stepSeconds)
        let points = try await historySource.history(metricQuery, from: grid.start, to: grid.end, step: .seconds(stepSeconds))
        let values = try TraceExport.values(points, on: grid, fill: fill.flatMap { TraceGapFill(rawValue: $0.rawValue) }, what: metricQuery.displayName)
        try AtomicFile.write(Data(TraceExport.csv(values, on: grid).utf8), to: output)
        let last = grid.time(at: grid.count - 1)
        let filled = values.count - points.filter { $0.0 >= grid.start && $0.0 < grid.end }.count
        var summary = "wrote \(grid.count) rows (\(UTCText.format(grid.start)) to \(UTCText.format(last)), step \(stepSeconds) s) to \(output)"
        if filled > 0, let fill { summary += "; \(filled) step(s) filled with \(fill == .zero ? "zero" : "the previous value")" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }

    /// The query and the source to read its history from.
    private func makeSource(stepSeconds: Int, start: TraceArguments.Time) throws -> (MetricQuery, any MetricHistorySource) {
        switch source {
        case .cloudwatch:
            guard CloudWatch.isValidPeriod(stepSeconds) else {
                throw ValidationError("--step \(step) is not a CloudWatch period: use 1s, 5s, 10s, 20s, 30s or a multiple of 1m")
            }
            if !start.isRelative, Int(start.date.timeIntervalSince1970) % stepSeconds != 0 {
                let aligned = Date(timeIntervalSince1970: (start.date.timeIntervalSince1970 / Double(stepSeconds)).rounded(.down) * Double(stepSeconds))
                throw ValidationError(
                    "--from \(from) is not a multiple of the step (\(stepSeconds) s), so CloudWatch's periods would not fall on "
                        + "the rows; use --from \(UTCText.format(aligned))")
            }
            var environment = ProcessInfo.processInfo.environment
            if let profile { environment["AWS_PROFILE"] = profile }
            let aws = try AWSConfiguration(environment: environment)
            var chosenRegion: Region?
            if let region {
                guard let parsed = Region(region) else { throw ValidationError("--region '\(region)' is not a region name") }
                chosenRegion = parsed
            }
            let client = CloudWatchClient(client: try aws.client(for: .cloudWatch, region: chosenRegion))
            let metric = CloudWatchMetric(
                namespace: namespace ?? "", metricName: metricName ?? "", dimensions: try parsedDimensions(),
                statistic: statistic, periodSeconds: stepSeconds)
            return (.cloudWatch(metric), CloudWatchMetricSource(client: client))
        case .prometheus:
            guard let text = url, let baseURL = URL(string: text) else {
                throw ValidationError("--url '\(url ?? "")' is not a URL")
            }
            let client = try PrometheusClient(baseURL: baseURL)
            return (.prometheus(query: query ?? ""), PrometheusMetricSource(client: client))
        }
    }

    private func parsedDimensions() throws -> [CloudWatchMetric.Dimension] {
        try dimensions.map { text in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--dimension '\(text)' is not Name=Value")
            }
            return CloudWatchMetric.Dimension(name: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
        }
    }
}
