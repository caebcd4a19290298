import Foundation
import HeadroomTestSupport
import Testing

/// Every command's `--help`, as a reader at an 80-column terminal gets it (argument-parser wraps
/// at 80 when its output is not a terminal, as here).
@Suite("--help")
struct HelpTextTests {
    static let binary = HeadroomExecutable.url

    func help(_ command: [String]) async throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "\(HeadroomExecutable.missingMessage)")
        let outcome = try await ChildProcess.run(Self.binary, command + ["--help"])
        #expect(outcome.status == 0, "\(command): \(outcome.stderrText)")
        return outcome.stdoutText
    }

    /// The names under a help text's SUBCOMMANDS heading.
    static func subcommands(_ help: String) -> [String] {
        guard let heading = help.range(of: "\nSUBCOMMANDS:\n") else { return [] }
        return help[heading.upperBound...].split(separator: "\n").compactMap { line -> String? in
            // "  name    summary": a name at column 2; wrapped summaries start further in.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return name.allSatisfy { $0.isLowercase || $0 == "-" } ? String(name) : nil
        }
    }

    /// The lines of each Examples block, up to the blank line that ends it.
    static func exampleLines(_ help: String) -> [String] {
        var lines: [String] = []
        var inside = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "Examples:" {
                inside = true
            } else if inside, trimmed.isEmpty {
                inside = false
            } else if inside {
                lines.append(String(line))
            }
        }
        return lines
    }

    @Test("every example fits an 80-column terminal, so it is copied whole")
    func examplesAreNotWrapped() async throws {
        var commands: [[String]] = []
        for name in Self.subcommands(try await help([])) {
            commands.append([name])
            for child in Self.subcommands(try await help([name])) { commands.append([name, child]) }
        }
        #expect(commands.contains(["tune"]) && commands.contains(["policy", "new"]) && commands.contains(["trace", "export"]), "\(commands)")
        var examples = 0
        for command in commands {
            let lines = Self.exampleLines(try await help(command))
            examples += lines.count
            // A wrapped example continues at column 0; every line of an example is indented.
            for line in lines {
                #expect(line.hasPrefix("  "), "headroom \(command.joined(separator: " ")) --help wraps an example: '\(line)'")
            }
        }
        #expect(examples >= 30, "the commands' help texts teach by example")
    }

    @Test func theReaderFindsWrappedExamples() {
        let wrapped = "OVERVIEW: x\n\nExamples:\n  headroom policy new ecs:prod/api --min 2 --max 20 >\npolicies/api.yaml\n\nUSAGE: y\n"
        #expect(Self.exampleLines(wrapped) == ["  headroom policy new ecs:prod/api --min 2 --max 20 >", "policies/api.yaml"])
        #expect(Self.subcommands("SUBCOMMANDS:\n  get    Show\n                 more\n  set    Change\n\n  See 'headroom help'") == [])
        #expect(Self.subcommands("x\nSUBCOMMANDS:\n  get    Show\n                 more\n  set-all    Change\n\n  See 'headroom help'") == ["get", "set-all"])
    }
}
