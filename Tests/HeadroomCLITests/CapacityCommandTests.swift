import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// The built `headroom` binary (`swift build` first), run as a child process with the given
/// environment and nothing else.
private struct Headroom {
    var status: Int32
    var stdout: String
    var stderr: String

    static let packageRoot = HeadroomExecutable.packageRoot
    static let binary = HeadroomExecutable.url

    /// Runs `headroom arguments…` and waits for it without blocking a thread.
    static func run(_ arguments: [String], environment: [String: String]) async throws -> Headroom {
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "\(HeadroomExecutable.missingMessage)")
        let outcome = try await ChildProcess.run(
            binary, arguments, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { own, _ in own },
            currentDirectory: packageRoot)
        return Headroom(status: outcome.status, stdout: outcome.stdoutText, stderr: outcome.stderrText)
    }

    /// One line on standard error, nothing on standard output, a non-zero status.
    func isOneLineFailure(mentioning text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        let ok = status != 0 && stdout.isEmpty && lines.count == 1 && stderr.contains(text)
        if !ok {
            Issue.record("expected one failure line mentioning '\(text)'; status \(status), stdout '\(stdout)', stderr '\(stderr)'", sourceLocation: sourceLocation)
        }
        return ok
    }
}

/// `headroom capacity get/set` and `headroom doctor`, end to end through the binary, against
/// moto with signature checks on; credentials and `AWS_ENDPOINT_URL` come from the
/// environment as they would on a laptop.
@Suite(
    "headroom capacity and doctor against moto",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct CapacityCommandTests {
    var endpoint: URL {
        get throws { try #require(MotoServer.current, "the .motoServer trait provides the server").baseURL }
    }

    func administrator() async throws -> MotoIdentity {
        try await MotoAccount.shared.administrator(at: try endpoint)
    }

    /// `headroom ARGUMENTS` as the administrator (or `identity`).
    fileprivate func headroom(_ arguments: String..., as identity: MotoIdentity? = nil) async throws -> Headroom {
        let signer: MotoIdentity
        if let identity {
            signer = identity
        } else {
            signer = try await administrator()
        }
        return try await Headroom.run(arguments, environment: signer.environment)
    }

    @Test("set ecs:prod/api --min 2 --max 9 registers the scalable target; get shows it as a table and as JSON")
    func setThenGetECS() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("prod", services: ["api"], desiredCount: 3)

        let before = try await headroom("capacity", "get", "ecs:prod/api")
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("min      not registered"))

        let set = try await headroom("capacity", "set", "ecs:prod/api", "--min", "2", "--max", "9")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "ecs:prod/api\n  min not registered → 2\n  max not registered → 9\n")
        let target = try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "prod", service: "api"))
        #expect(target?.minCapacity == 2 && target?.maxCapacity == 9)

        let table = try await headroom("capacity", "get", "ecs:prod/api")
        #expect(table.status == 0, "\(table.stderr)")
        let truth = try #require(try await seed.ecs.describeServices(cluster: "prod", services: ["api"]).service(named: "api"))
        #expect(table.stdout == """
            target   ecs:prod/api
            min      2
            max      9
            desired  3
            running  \(truth.runningCount)
            pending  \(truth.pendingCount)

            """)

        let json = try await headroom("capacity", "get", "ecs:prod/api", "--output", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["target"] as? String == "ecs:prod/api")
        #expect(object["kind"] as? String == "ecs-service")
        #expect(object["min"] as? Int == 2 && object["max"] as? Int == 9 && object["desired"] as? Int == 3)
        #expect(object["scalableTarget"] as? Bool == true)
        #expect(object["running"] as? Int == truth.runningCount && object["pending"] as? Int == truth.pendingCount)
    }

    @Test("set --dry-run prints the change and writes nothing; set --desired updates the service")
    func dryRunAndDesired() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("dry", services: ["api"], desiredCount: 2)
        let api = try await headroom("capacity", "set", "ecs:dry/api", "--min", "1", "--max", "6")
        #expect(api.status == 0, "\(api.stderr)")

        let dry = try await headroom("capacity", "set", "ecs:dry/api", "--max", "12", "--desired", "5", "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout == "ecs:dry/api (dry run: nothing written)\n  max 6 → 12\n  desired 2 → 5\n")
        #expect(try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "dry", service: "api"))?.maxCapacity == 6)
        #expect(try await seed.ecs.describeServices(cluster: "dry", services: ["api"]).service(named: "api")?.desiredCount == 2)

        let desired = try await headroom("capacity", "set", "ecs:dry/api", "--desired", "5")
        #expect(desired.status == 0, "\(desired.stderr)")
        #expect(desired.stdout == "ecs:dry/api\n  desired 2 → 5\n")
        #expect(try await seed.ecs.describeServices(cluster: "dry", services: ["api"]).service(named: "api")?.desiredCount == 5)

        let again = try await headroom("capacity", "set", "ecs:dry/api", "--desired", "5")
        #expect(again.status == 0)
        #expect(again.stdout == "ecs:dry/api: nothing to change (min 1, max 6, desired 5)\n")
    }

    @Test("an Auto Scaling group: get shows instances in service and the warm pool; set writes min, max and desired")
    func autoScalingGroup() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.autoScalingGroup("gpu", min: 1, max: 5, desired: 2)
        try await seed.autoScaling.putWarmPool(.init(groupName: "gpu", minSize: 1, maxGroupPreparedCapacity: 4, poolState: .stopped, reuseOnScaleIn: true))

        let table = try await headroom("capacity", "get", "asg:gpu")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout == """
            target      asg:gpu
            min         1
            max         5
            desired     2
            in service  2
            pending     0
            warm pool   min 1, max prepared 4, Stopped, reuse on scale-in; 0 instances warm

            """)
        let json = try await headroom("capacity", "get", "asg:gpu", "--output", "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["kind"] as? String == "auto-scaling-group" && object["inService"] as? Int == 2)
        let pool = try #require(object["warmPool"] as? [String: Any])
        #expect(pool["minSize"] as? Int == 1 && pool["maxGroupPreparedCapacity"] as? Int == 4 && pool["instances"] as? Int == 0)

        let set = try await headroom("capacity", "set", "asg:gpu", "--min", "2", "--max", "6", "--desired", "4")
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout == "asg:gpu\n  min 1 → 2\n  max 5 → 6\n  desired 2 → 4\n")
        let group = try #require(try await seed.autoScaling.describeAutoScalingGroups(names: ["gpu"]).first)
        #expect(group.minSize == 2 && group.maxSize == 6 && group.desiredCapacity == 4)
    }

    @Test("values that do not fit fail with one line and write nothing")
    func invalidValues() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("inv", services: ["api", "bare"], desiredCount: 3)
        try await seed.applicationAutoScaling.registerScalableTarget(.init(
            target: .ecsService(cluster: "inv", service: "api"), minCapacity: 2, maxCapacity: 9))
        let cases: [([String], String)] = [
            (["--min", "5", "--max", "3"], "--min 5 is above --max 3"),
            (["--min", "10"], "--min 10 is above the current max 9"),
            (["--desired", "20"], "desired 20 would be above max 9"),
            (["--max", "2"], "desired 3 would be above max 2; add --desired 2 or less"),
            (["--min", "-1"], "--min is -1"),
            (["--desired=-4"], "--desired is -4"),
            ([], "give at least one of --min, --max and --desired"),
        ]
        for (flags, message) in cases {
            let run = try await Headroom.run(["capacity", "set", "ecs:inv/api"] + flags, environment: try await administrator().environment)
            #expect(run.isOneLineFailure(mentioning: message), "\(flags)")
        }
        let bare = try await headroom("capacity", "set", "ecs:inv/bare", "--min", "1")
        #expect(bare.isOneLineFailure(mentioning: "give both --min and --max to register one"))
        let badTarget = try await headroom("capacity", "get", "ecs:inv")
        #expect(badTarget.isOneLineFailure(mentioning: "'ecs:inv' is not a target"))
        let target = try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "inv", service: "api"))
        #expect(target?.minCapacity == 2 && target?.maxCapacity == 9)
        #expect(try await seed.ecs.describeServices(cluster: "inv", services: ["api"]).service(named: "api")?.desiredCount == 3)
    }

    @Test("unknown service, cluster and group fail with one line and a non-zero status")
    func unknownTargets() async throws {
        try await MotoSeed(try await administrator()).cluster("known", services: ["api"])
        let cases: [([String], String)] = [
            (["capacity", "get", "ecs:known/ghost"], "ecs:known/ghost: cluster known has no service 'ghost' (MISSING)"),
            (["capacity", "get", "ecs:no-such-cluster/api"], "ClusterNotFoundException"),
            (["capacity", "get", "asg:no-such-group"], "no Auto Scaling group named 'no-such-group'"),
            (["capacity", "set", "asg:no-such-group", "--desired", "1"], "no Auto Scaling group named 'no-such-group'"),
        ]
        for (arguments, message) in cases {
            let run = try await Headroom.run(arguments, environment: try await administrator().environment)
            #expect(run.isOneLineFailure(mentioning: message), "\(arguments)")
        }
    }

    @Test("access denied by an IAM deny policy fails with one line: on the read, and on the write after a good read")
    func accessDenied() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("deny", services: ["api"])
        let noRead = try await MotoAccount.shared.user(named: "cli-no-describe", at: try endpoint, denying: ["ecs:DescribeServices"])
        let read = try await headroom("capacity", "get", "ecs:deny/api", as: noRead)
        #expect(read.isOneLineFailure(mentioning: "access denied"))

        let noWrite = try await MotoAccount.shared.user(
            named: "cli-no-register", at: try endpoint, denying: ["application-autoscaling:RegisterScalableTarget"])
        let write = try await headroom("capacity", "set", "ecs:deny/api", "--min", "1", "--max", "3", as: noWrite)
        #expect(write.isOneLineFailure(mentioning: "access denied"))
        #expect(try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "deny", service: "api")) == nil)

        // Bounds written, desired refused: the one line says what did take effect.
        let noUpdate = try await MotoAccount.shared.user(named: "cli-no-update", at: try endpoint, denying: ["ecs:UpdateService"])
        let partial = try await headroom("capacity", "set", "ecs:deny/api", "--min", "1", "--max", "3", "--desired", "2", as: noUpdate)
        #expect(partial.isOneLineFailure(mentioning: "(min and max were already written; desired was not)"))
        let bounds = try await seed.applicationAutoScaling.describeScalableTarget(.ecsService(cluster: "deny", service: "api"))
        #expect(bounds?.minCapacity == 1 && bounds?.maxCapacity == 3)
    }

    @Test("--profile wins over keys in the environment; --endpoint-url and --region stand in for the environment")
    func awsOptions() async throws {
        let administrator = try await administrator()
        try await MotoSeed(administrator).cluster("opts", services: ["api"], desiredCount: 2)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let credentials = directory.appendingPathComponent("credentials")
        try """
            [ci]
            aws_access_key_id = \(administrator.credentials.accessKeyID)
            aws_secret_access_key = \(administrator.credentials.secretAccessKey)

            """.write(to: credentials, atomically: true, encoding: .utf8)
        var environment = administrator.environment
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentials.path
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
        environment["AWS_ENDPOINT_URL"] = nil
        environment["AWS_REGION"] = nil
        let endpoint = try endpoint.absoluteString

        let wrongKey = try await Headroom.run(
            ["capacity", "get", "ecs:opts/api", "--endpoint-url", endpoint, "--region", "us-east-1"], environment: environment)
        #expect(wrongKey.isOneLineFailure(mentioning: "SignatureDoesNotMatch"))
        let profile = try await Headroom.run(
            ["capacity", "get", "ecs:opts/api", "--profile", "ci", "--endpoint-url", endpoint, "--region", "us-east-1"], environment: environment)
        #expect(profile.status == 0, "\(profile.stderr)")
        #expect(profile.stdout.contains("desired  2"))

        let noRegion = try await Headroom.run(["capacity", "get", "ecs:opts/api", "--profile", "ci", "--endpoint-url", endpoint], environment: environment)
        #expect(noRegion.isOneLineFailure(mentioning: "no region"))
        let badRegion = try await Headroom.run(["capacity", "get", "ecs:opts/api", "--region", "us east"], environment: environment)
        #expect(badRegion.isOneLineFailure(mentioning: "--region 'us east' is not a region name"))
    }

    @Test("throttling on every attempt and a malformed answer, from a stub, fail with one line")
    func throttledAndMalformed() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            if request.header("X-Amz-Target")?.hasSuffix("DescribeServices") == true {
                return .json(400, #"{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"#)
            }
            return .xml(200, "<DescribeAutoScalingGroupsResponse><DescribeAutoScalingGroupsResult><AutoScalingGroups><member><AutoScalingGroupName>g</AutoScalingGroupName></member></AutoScalingGroups></DescribeAutoScalingGroupsResult>")
        }
        defer { server.stop() }
        let environment = [
            "AWS_ACCESS_KEY_ID": "AKIASTUB", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": server.baseURL.absoluteString, "AWS_MAX_ATTEMPTS": "2",
            "AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials",
        ]
        let throttled = try await Headroom.run(["capacity", "get", "ecs:c/api"], environment: environment)
        #expect(throttled.isOneLineFailure(mentioning: "throttled even after retries"))
        #expect(server.requests.count == 2, "AWS_MAX_ATTEMPTS=2: two attempts")
        #expect(!throttled.stderr.contains("stub-secret"))

        let malformed = try await Headroom.run(["capacity", "set", "asg:g", "--desired", "1"], environment: environment)
        #expect(malformed.isOneLineFailure(mentioning: "cannot decode the response"))
    }

    @Test("doctor: ok for credentials and a live target, FAIL with a fix for a missing one, exit 1; exit 0 when all is well")
    func doctor() async throws {
        let seed = MotoSeed(try await administrator())
        try await seed.cluster("doc", services: ["api"])
        try await seed.table("doc-leases", hashKey: "LeaseName")
        // A datapoint in a minute that has ended, which is what the CloudWatch source reads.
        let cloudWatch = CloudWatchClient(client: try await administrator().client(.cloudWatch))
        try await cloudWatch.putMetricData(namespace: "AWS/ECS", data: [
            CloudWatch.MetricDatum(
                metricName: "CPUUtilization", dimensions: [.init(name: "ClusterName", value: "doc")], timestamp: Date().addingTimeInterval(-120),
                value: 42),
        ])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-doctor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appendingPathComponent("api.yaml")
        let missing = directory.appendingPathComponent("ghost.yaml")
        try Self.policy(name: "api", target: "ecs:doc/api").write(to: good, atomically: true, encoding: .utf8)
        try Self.policy(name: "ghost", target: "asg:doc-ghost").write(to: missing, atomically: true, encoding: .utf8)

        let failing = try await headroom("doctor", "--policies", directory.path)
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        let lines = failing.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("ok    region: us-east-1 (AWS_REGION)"))
        #expect(lines.contains { $0.hasPrefix("ok    credentials: arn:aws:iam::123456789012:user/headroom-admin") })
        #expect(lines.contains { $0.hasPrefix("ok    ecs:doc/api: desired 1") })
        #expect(lines.contains { $0.hasPrefix("ok    ecs:doc/api metric cpu: 42.0 against target 60.0") })
        let failure = try #require(lines.firstIndex { $0.hasPrefix("FAIL  asg:doc-ghost: ") })
        #expect(lines[failure + 1].hasPrefix("      fix: check the name in \(missing.path)"))
        #expect(lines.last == "doctor: 1 problem found")

        let config = directory.appendingPathComponent("headroom.yaml")
        try "Policies: [\(good.path)]\nLease: {Table: doc-leases, Name: doctor}\n".write(to: config, atomically: true, encoding: .utf8)
        let passing = try await headroom("doctor", "--config", config.path)
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("ok    lease table: doc-leases, lease 'doctor' free"))
        #expect(passing.stdout.hasSuffix("doctor: everything checked is ok\n"))

        let silent = directory.appendingPathComponent("silent")
        try FileManager.default.createDirectory(at: silent, withIntermediateDirectories: true)
        let unpublished = silent.appendingPathComponent("quiet.yaml")
        try Self.policy(name: "quiet", target: "ecs:doc/api", cluster: "nobody-publishes-this").write(to: unpublished, atomically: true, encoding: .utf8)
        let quiet = try await headroom("doctor", "--policies", silent.path)
        #expect(quiet.status == 1)
        let quietLines = quiet.stdout.split(separator: "\n").map(String.init)
        let metricFailure = try #require(quietLines.firstIndex { $0.hasPrefix("FAIL  ecs:doc/api metric cpu: no recent datapoint") })
        #expect(quietLines[metricFailure + 1].contains("aws cloudwatch list-metrics --namespace AWS/ECS --metric-name CPUUtilization --region us-east-1"))

        // Read as a count (MissingData: Zero), the same gap is what a quiet service looks like:
        // a warning that names the check to make, not a failure.
        let counted = directory.appendingPathComponent("counted")
        try FileManager.default.createDirectory(at: counted, withIntermediateDirectories: true)
        try (Self.policy(name: "quiet", target: "ecs:doc/api", cluster: "nobody-publishes-this") + "        MissingData: Zero\n")
            .write(to: counted.appendingPathComponent("quiet.yaml"), atomically: true, encoding: .utf8)
        let zero = try await headroom("doctor", "--policies", counted.path)
        #expect(zero.status == 0, "\(zero.stdout)")
        let zeroLines = zero.stdout.split(separator: "\n").map(String.init)
        let warning = try #require(zeroLines.firstIndex { $0.hasPrefix("WARN  ecs:doc/api metric cpu: no recent datapoint: the daemon reads 0 (MissingData: Zero)") })
        #expect(zeroLines[warning + 1].hasPrefix("      fix: if the service had traffic, compare Namespace, MetricName and Dimensions"))

        var noCredentials = try await administrator().environment
        noCredentials["AWS_ACCESS_KEY_ID"] = nil
        noCredentials["AWS_SECRET_ACCESS_KEY"] = nil
        let anonymous = try await Headroom.run(["doctor", "--policies", good.path], environment: noCredentials)
        #expect(anonymous.status == 1)
        #expect(anonymous.stdout.contains("FAIL  credentials: "))
        #expect(anonymous.stdout.contains("--    targets: not checked until the credentials work"))
        #expect(anonymous.stdout.contains("--    metric sources: not checked until the credentials work"))
    }

    static func policy(name: String, target: String, cluster: String = "doc") -> String {
        """
        Name: \(name)
        Target: \(target)
        Region: us-east-1
        MinCapacity: 1
        MaxCapacity: 10
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              CloudWatch:
                Namespace: AWS/ECS
                MetricName: CPUUtilization
                Dimensions:
                  ClusterName: \(cluster)
                Statistic: Average

        """
    }
}
