import ArgumentParser
import CapacityCore
import Controller
import Foundation
import Logging
import PolicyFiles

/// `headroom release TARGET`: hands a target Headroom adopted back to AWS's own scaling.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Resume the AWS scaling Headroom suspended on a target when it adopted it.",
        discussion: """
            A policy with `AWSScaling: Suspend` adopts a target AWS already scales: Headroom \
            suspends AWS's scaling policies (Application Auto Scaling SuspendedState, EC2 Auto \
            Scaling SuspendProcesses) and records exactly what it suspended with the target's \
            decision state. `release` resumes exactly that, and nothing a person suspended \
            themselves, then forgets the record and journals the release.

            Give the same flags as `headroom run` (--config, or --policies with --state or \
            --lease-table): the record is read from there. Remove the target's policy or set \
            `AWSScaling: Refuse` first; while a policy still adopts the target, release refuses, \
            since the daemon would only suspend AWS's scaling again.

            Examples:
              headroom release ecs:prod/api --config /etc/headroom/headroom.yaml
              headroom release asg:gpu-inference --policies policies/ \\
                --state /var/lib/headroom/state.json
            """
    )

    @Argument(help: ArgumentHelp("The adopted target: ecs:CLUSTER/SERVICE or asg:GROUP.", valueName: "target"))
    var target: String

    @OptionGroup var options: DaemonOptions

    func run() async throws {
        let reference = try CapacityCommand.target(target)
        let environment = ProcessInfo.processInfo.environment
        let configuration = try options.resolve(environment: environment)
        let logger = LoggingSetup.bootstrap(
            format: options.logFormat(environment: environment), level: options.logLevel ?? environment["HEADROOM_LOG_LEVEL"] ?? "warning")
        var policies = PolicySet()
        _ = policies.load(configuration.policies, reference: Date())
        let policy = policies.policies.first(where: { $0.target == reference })
        if let policy, policy.awsScaling == .suspend {
            throw CommandFailure(
                "\(reference): policy '\(policy.name)' still adopts it (AWSScaling: Suspend), so the daemon would suspend "
                    + "AWS's scaling again; set AWSScaling: Refuse or remove the policy, then release")
        }
        guard configuration.statePath != nil || configuration.leaseTable != nil else {
            throw CommandFailure(
                "no --state or --lease-table: adoption records are kept with the decision state; give the flags `headroom run` uses")
        }
        let parts = try await DaemonParts.make(configuration: configuration, environment: environment, metrics: ControllerMetrics(), logger: logger)
        var records = try await parts.stateStore.load()
        // The target is reached, and its record kept, where its policy places it (its Region and RoleArn).
        let placement = policy.map { parts.connections.placement(of: $0) } ?? .daemon
        let key = placement.identity(of: reference)
        guard let adoption = records[key]?.adoption else {
            throw CommandFailure("\(reference): Headroom suspended nothing on it (no adoption record in the decision state)")
        }
        let state: TargetState?
        do {
            let backend = try await parts.connections.backend(for: placement)
            state = try? await backend.describe([reference])[reference]?.get()
            try await backend.resumeAWSScaling(reference, adoption.suspended)
        } catch {
            throw CommandFailure(error.message)
        }
        records[key]?.adoption = nil
        try await finish(reference, adoption: adoption, state: state, records: records, parts: parts, configuration: configuration)
    }

    private func finish(
        _ reference: TargetReference, adoption: AdoptionRecord, state: TargetState?, records: [String: TargetRecord], parts: DaemonParts,
        configuration: DaemonConfiguration
    ) async throws {
        try await parts.stateStore.save(records)
        let resumed = adoption.suspended.joined(separator: ", ")
        if let path = configuration.journalPath {
            let journal = DecisionJournal(url: URL(fileURLWithPath: path))
            let entry = DecisionJournal.Entry(
                .release, target: reference, policy: "", state: state ?? TargetState(desired: 0, running: 0), time: Date(),
                message: "resumed \(resumed), suspended since \(adoption.time.formatted(.iso8601)) for \(adoption.awsScaling.joined(separator: ", "))")
            try await journal.append(entry)
            try await journal.close()
        }
        print("\(reference): resumed \(resumed); AWS scales it again")
    }
}
