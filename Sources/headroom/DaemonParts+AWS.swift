import AWSClient
import Controller
import Foundation
import Logging
import MetricSources
import PolicyFiles

extension DaemonParts {
    /// The AWS-backed parts: targets through ECS, Application Auto Scaling and EC2 Auto
    /// Scaling; the lease and state in DynamoDB when a table is configured; metrics from
    /// CloudWatch and Prometheus. Every AWS request is recorded in `metrics` (`/metrics`).
    static func make(
        configuration: DaemonConfiguration, environment: [String: String], metrics recorder: ControllerMetrics, logger: Logger
    ) async throws -> DaemonParts {
        var environment = environment
        if let region = configuration.region { environment["AWS_REGION"] = region }
        if let profile = configuration.profile {
            environment["AWS_PROFILE"] = profile
            for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] { environment[name] = nil }
        }
        let aws: AWSConfiguration
        let budget: APIBudget?
        do {
            aws = try AWSConfiguration(
                environment: environment, transport: MetricsRecordingTransport(URLSessionTransport(), metrics: recorder), logger: logger)
            budget = try configuration.apiBudget ? APIBudget(limits: configuration.apiLimits()) : nil
        } catch {
            throw DaemonStartError("AWS configuration: \(error)")
        }
        let connections = AWSTargetConnections(aws: aws, configuration: configuration, budget: budget, recorder: recorder, logger: logger)
        // Forecast history of the daemon's own placement; other placements read theirs through
        // `connections` (their region and role).
        let history = try MetricSourceAssembly.router(configuration: configuration, aws: aws, logger: logger)

        var leaseStore: (any LeaseStore)?
        var stateStore: any DecisionStateStore = InMemoryStateStore()
        if let table = configuration.leaseTable {
            let dynamo = DynamoDBClient(client: try aws.client(for: .dynamoDB))
            leaseStore = DynamoDBLeaseStore(client: dynamo, table: table, leaseName: configuration.leaseName)
            // With replicas, history must follow the lease: keep it in the table.
            stateStore = DynamoDBStateStore(client: dynamo, table: table, logger: logger)
        }
        if let path = configuration.statePath {
            stateStore = FileStateStore(url: URL(fileURLWithPath: path))
        }
        let sts = STSClient(client: try aws.client(for: .sts))
        return DaemonParts(
            connections: connections, history: history, leaseStore: leaseStore, stateStore: stateStore,
            checkCredentials: {
                do {
                    let identity = try await sts.getCallerIdentity()
                    connections.ownAccount(identity.account)
                    return true
                } catch {
                    return false
                }
            })
    }
}

extension DaemonConfiguration {
    /// The API budget's overrides, parsed.
    func apiLimits() throws -> [APIBudget.Family: APIBudget.Limit] {
        var limits: [APIBudget.Family: APIBudget.Limit] = [:]
        for text in apiLimitOverrides {
            let (family, limit) = try APIBudget.parseOverride(text)
            limits[family] = limit
        }
        return limits
    }
}
