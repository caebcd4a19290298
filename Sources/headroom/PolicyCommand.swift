import ArgumentParser
import CapacityCore
import Foundation
import PolicyFiles

/// `headroom policy`: check policy files and start new ones.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Check policy files and write new ones.",
        discussion: """
            A policy file says how Headroom scales one ECS service or Auto Scaling group: its \
            bounds, the metrics it tracks, its schedules and warm pool. docs/POLICIES.md \
            describes every key.

            Examples:
              headroom policy new ecs:prod/api --min 2 --max 20 --cpu-target 60 \\
                > policies/api.yaml
              headroom policy check policies/
              headroom policy import ecs:prod/api > policies/api.yaml
            """,
        subcommands: [Check.self, New.self, Import.self]
    )
}

extension PolicyCommand {
    /// `headroom policy check FILE...`
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate policy files and report every problem with its line and column.",
            discussion: """
                Each problem is printed to standard error as FILE:LINE:COLUMN: message, the \
                format editors and CI annotate; each valid file prints FILE: ok. A directory \
                stands for the .yaml and .yml files directly in it. The exit status is 0 when \
                every file is valid and 1 otherwise.

                Examples:
                  headroom policy check policies/api.yaml
                  headroom policy check policies/
                  headroom policy check --output json policies/*.yaml \\
                    | jq '.files[] | select(.valid | not)'
                """
        )

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        @Argument(help: ArgumentHelp("Policy files, or directories of them.", valueName: "file"))
        var files: [String]

        @Option(help: "text (FILE:LINE:COLUMN lines) or json (one document on standard output).")
        var output: OutputFormat = .text

        func run() throws {
            var results: [FileResult] = []
            for path in files {
                guard let expanded = PolicyPaths.expand(path) else {
                    let empty = Problem(line: 1, column: 1, code: "no-policy-files", message: "no .yaml or .yml files in this directory")
                    results.append(FileResult(file: path, problems: [empty]))
                    continue
                }
                for file in expanded {
                    let problems = PolicyFileLoader.check(contentsOf: URL(fileURLWithPath: file)).map(Problem.init)
                    results.append(FileResult(file: file, problems: problems))
                }
            }
            switch output {
            case .text: printText(results)
            case .json: try printJSON(results)
            }
            if results.contains(where: { !$0.problems.isEmpty }) {
                throw ExitCode(1)
            }
        }

        private struct Problem: Encodable {
            var line: Int
            var column: Int
            var code: String
            var message: String

            init(line: Int, column: Int, code: String, message: String) {
                self.line = line
                self.column = column
                self.code = code
                self.message = message
            }

            init(_ error: PolicyFileError) {
                self.init(line: error.line, column: error.column, code: error.code.description, message: error.message)
            }
        }

        private struct FileResult {
            var file: String
            var problems: [Problem]
        }

        private func printText(_ results: [FileResult]) {
            for result in results {
                if result.problems.isEmpty {
                    print("\(result.file): ok")
                } else {
                    let lines = result.problems.map { "\(result.file):\($0.line):\($0.column): \($0.message)\n" }.joined()
                    FileHandle.standardError.write(Data(lines.utf8))
                }
            }
        }

        private struct JSONReport: Encodable {
            struct File: Encodable {
                var file: String
                var valid: Bool
                var problems: [Problem]
            }
            var valid: Bool
            var files: [File]
        }

        private func printJSON(_ results: [FileResult]) throws {
            let files = results.map { result in
                JSONReport.File(file: result.file, valid: result.problems.isEmpty, problems: result.problems)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(JSONReport(valid: files.allSatisfy(\.valid), files: files))
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

extension PolicyCommand {
    /// `headroom policy new TARGET --min N --max N --cpu-target PERCENT`
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Print a commented starting policy that tracks average CPU.",
            discussion: """
                Like `kubectl autoscale`: give the target, its bounds and the CPU utilization \
                to hold; the policy goes to standard output, ready to edit and commit. ECS \
                services track the CloudWatch metric AWS/ECS CPUUtilization (ClusterName, \
                ServiceName), Auto Scaling groups AWS/EC2 CPUUtilization (AutoScalingGroupName), \
                both as the Average over one minute. It scales as the shipped default \
                simulations/policies/headroom.yaml does (AWS target tracking's alarms with a 10 % \
                band, a 3-minute scale-out and a 10-minute scale-in, and a volatility buffer of \
                the last 15 minutes), at the target given. That default does no harm against AWS \
                target tracking on the benchmarks; with a recorded trace, `headroom tune` fits \
                one to the service.

                Examples:
                  headroom policy new ecs:prod/api --min 2 --max 20 --cpu-target 60 \\
                    > policies/api.yaml
                  headroom policy new asg:gpu-inference --min 1 --max 8 --cpu-target 70 \\
                    --region eu-central-1
                """
        )

        @Argument(help: ArgumentHelp("What to scale: ecs:CLUSTER/SERVICE or asg:GROUP.", valueName: "target"))
        var target: String

        @Option(help: "The fewest units (tasks or instances) to run, 0 or more.")
        var min: Int

        @Option(help: "The most units to run, at least --min.")
        var max: Int

        @Option(name: .customLong("cpu-target"), help: "Average CPU utilization to hold, in percent (0 < PERCENT <= 100).")
        var cpuTarget: Double

        @Option(help: "The policy's name (default: the service's or group's name).")
        var name: String?

        @Option(help: "The AWS region, such as us-east-1 (default: from the environment).")
        var region: String?

        func validate() throws {
            guard let reference = TargetReference(target) else {
                throw ValidationError("'\(target)' is not a target: write ecs:CLUSTER/SERVICE or asg:GROUP.")
            }
            if case .ecsService(let cluster, let service) = reference,
                ![cluster, service].allSatisfy(Self.isECSName)
            {
                throw ValidationError("ECS cluster and service names hold only letters, digits, '-' and '_' (got '\(target)').")
            }
            guard min >= 0 else { throw ValidationError("--min must be 0 or more (got \(min)).") }
            guard max <= 1_000_000 else { throw ValidationError("--max must be at most 1000000 (got \(max)).") }
            guard min <= max else { throw ValidationError("--min (\(min)) must not be greater than --max (\(max)).") }
            guard cpuTarget.isFinite, cpuTarget > 0, cpuTarget <= 100 else {
                throw ValidationError("--cpu-target is a percentage: more than 0 and at most 100 (got \(cpuTarget)).")
            }
        }

        private static func isECSName(_ name: String) -> Bool {
            name.count <= 255 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }

        func run() throws {
            guard let reference = TargetReference(target) else { throw ExitCode.validationFailure }
            let template = PolicyTemplate(
                target: reference, minCapacity: min, maxCapacity: max, cpuTargetPercent: cpuTarget,
                name: name, region: region)
            let yaml = template.yaml
            // Never hand out a policy that `policy check` would reject (a --name or --region
            // can still be wrong): say what, and print nothing to redirect into a file.
            let problems = PolicyFileLoader.check(yaml: yaml, path: "<policy new>")
            guard problems.isEmpty else {
                let lines = problems.map { "error: \($0.message)\n" }.joined()
                FileHandle.standardError.write(Data(lines.utf8))
                throw ExitCode(1)
            }
            print(yaml, terminator: "")
        }
    }
}
