import AWSClient
import CapacityCore
import Controller
import Foundation

/// The checks that talk to AWS, over one resolved configuration.
struct DoctorAWSChecks {
    let options: AWSOptions
    /// Where an explicit region came from (`--region`, the configuration file), if one did.
    let regionOrigin: String?
    let environment: [String: String]
    let configuration: AWSConfiguration?
    let configurationProblem: String?

    init(options: AWSOptions, regionOrigin: String?) throws {
        self.options = options
        self.regionOrigin = regionOrigin
        environment = try options.environment()
        do {
            configuration = try AWSConfiguration(environment: environment)
            configurationProblem = nil
        } catch {
            configuration = nil
            configurationProblem = "\(error)"
        }
    }

    func checkRegion(into report: inout DoctorReport) {
        guard let configuration else {
            report.fail("region", configurationProblem ?? "unknown problem", fix: "correct the setting named in the message")
            return
        }
        if let region = configuration.region {
            report.ok("region", "\(region) (\(regionSource(configuration)))")
        } else {
            report.fail(
                "region", "no region configured",
                fix: "pass --region, set AWS_REGION, or add 'region = …' to the profile in ~/.aws/config")
        }
        if let endpoint = try? configuration.client(for: .sts).endpoint, endpoint.source != "default" {
            report.ok("endpoint", "\(endpoint.url.absoluteString) (\(endpoint.source)): calls go there, not to AWS")
        }
    }

    private func regionSource(_ configuration: AWSConfiguration) -> String {
        if let regionOrigin { return regionOrigin }
        if environment["AWS_REGION"]?.isEmpty == false { return "AWS_REGION" }
        if environment["AWS_DEFAULT_REGION"]?.isEmpty == false { return "AWS_DEFAULT_REGION" }
        return "profile '\(configuration.profileName)'"
    }

    /// The caller's identity, or `nil` after a FAIL.
    func checkCredentials(into report: inout DoctorReport) async -> CallerIdentity? {
        guard let configuration, configuration.region != nil else {
            report.skip("credentials", "not checked without a region")
            return nil
        }
        do {
            let identity = try await STSClient(client: configuration.client(for: .sts)).getCallerIdentity()
            let source = await configuration.credentialProvider.sourceName ?? "unknown source"
            report.ok("credentials", "\(identity.arn) (from \(source))")
            return identity
        } catch {
            report.fail(
                "credentials", "\(error)",
                fix: "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, pass --profile, or run where a role is attached; "
                    + "`aws sts get-caller-identity` should work with the same settings")
            return nil
        }
    }

    /// Describes every target in its policy's region, the controller's way.
    func checkTargets(_ set: PolicySet, into report: inout DoctorReport) async {
        guard let configuration else { return }
        // Targets are described where the daemon reaches them: their region, through their role.
        var byPlacement: [TargetPlacement: [(file: String, target: TargetReference, policy: CapacityPolicy)]] = [:]
        for (file, policy) in set.byFile.sorted(by: { $0.key < $1.key }) {
            guard let target = policy.target else { continue }
            let placement = TargetPlacement(
                region: policy.region ?? configuration.region?.name ?? "", roleARN: policy.roleARN, externalID: policy.externalID)
            byPlacement[placement, default: []].append((file, target, policy))
        }
        for placement in byPlacement.keys.sorted(by: { $0.description < $1.description }) {
            let entries = byPlacement[placement] ?? []
            let region = placement.region ?? ""
            let backend: AWSCapacityBackend
            do {
                guard let name = Region(region) else { throw CommandFailure("'\(region)' is not a region name") }
                let reached = try placement.roleARN.map { try configuration.assumingRole($0, externalID: placement.externalID) } ?? configuration
                backend = try AWSCapacityBackend(configuration: reached, region: name)
            } catch {
                for entry in entries {
                    report.fail(entry.target.description, "\(error)", fix: "set a valid Region in \(entry.file) or pass --region")
                }
                continue
            }
            let described = await backend.describe(entries.map(\.target))
            for entry in entries {
                switch described[entry.target] {
                case .success(let state):
                    report.ok(entry.target.description, Self.summary(state) + " (\(region))")
                    await Self.checkAWSScaling(entry.policy, entry.target, file: entry.file, backend: backend, into: &report)
                case .failure(let error):
                    // The label already names the target.
                    let prefix = "\(entry.target): "
                    let detail = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
                    report.fail(entry.target.description, detail, fix: Self.fix(for: error, entry.target, file: entry.file, region: region))
                case nil:
                    report.fail(entry.target.description, "no description returned", fix: "run doctor again; report a bug if it persists")
                }
            }
        }
    }

    func checkLeaseTable(_ table: String, leaseName: String, into report: inout DoctorReport) async {
        guard let configuration else { return }
        let createCommand = LeaseTableError.howToCreate(table)
        do {
            let dynamo = DynamoDBClient(client: try configuration.client(for: .dynamoDB))
            guard let description = try await dynamo.describeTable(table) else {
                report.fail("lease table", "no DynamoDB table '\(table)' in this region", fix: createCommand)
                return
            }
            guard description.hashKey == DynamoDBLeaseStore.keyAttribute else {
                report.fail(
                    "lease table", "table '\(table)' has hash key '\(description.hashKey ?? "none")', not LeaseName",
                    fix: "use a table whose hash key is LeaseName (string): \(createCommand)")
                return
            }
            let holder = try await DynamoDBLeaseStore(client: dynamo, table: table, leaseName: leaseName).current()
            let held = holder.map { "held by \($0.holder) until \($0.expiresAt.formatted(Date.ISO8601FormatStyle()))" } ?? "free"
            report.ok("lease table", "\(table), lease '\(leaseName)' \(held)")
        } catch {
            report.fail(
                "lease table", "\(error)",
                fix: "allow dynamodb:DescribeTable, GetItem, PutItem, DeleteItem and Scan on table \(table)")
        }
    }

    static func summary(_ state: TargetState) -> String {
        var text = "desired \(state.desired), running \(state.running), pending \(state.pending)"
        text += state.bounds.map { ", bounds \($0)" } ?? ", no scalable target"
        if let pool = state.warmPool { text += ", warm pool min \(pool.minSize)" }
        return text
    }

    static func fix(for error: TargetError, _ target: TargetReference, file: String, region: String) -> String {
        switch error.kind {
        case "not_found":
            return "check the name in \(file) and its Region (\(region)); `headroom capacity get \(target) --region \(region)` shows what AWS has"
        case "access_denied":
            switch target {
            case .ecsService:
                return "allow ecs:DescribeServices, ecs:UpdateService, application-autoscaling:DescribeScalableTargets, "
                    + "DescribeScalingPolicies, DescribeScheduledActions and RegisterScalableTarget to this identity"
            case .autoScalingGroup:
                return "allow autoscaling:DescribeAutoScalingGroups, DescribePolicies, DescribeScheduledActions, "
                    + "SetDesiredCapacity, UpdateAutoScalingGroup, PutWarmPool, SuspendProcesses and ResumeProcesses to this identity"
            }
        case "throttled":
            return "AWS throttled every retry: try again in a minute; if it persists, other tools share this account's rate limit"
        default:
            return "check the network path to AWS (or the --endpoint-url) and the message above"
        }
    }
}
