import CapacityCore
import Foundation
import PolicyFiles
import Testing

@Suite("Problems with the file itself")
struct FileProblemTests {
    @Test("A deliberately broken policy gives one line naming file, line and column")
    func brokenPolicyOneLine() throws {
        let url = try fixture("broken-policy.yaml")
        #expect(throws: PolicyFileError.self) { try PolicyFileLoader.load(contentsOf: url, reference: reference) }
        do {
            _ = try PolicyFileLoader.load(contentsOf: url, reference: reference)
        } catch {
            let text = error.description
            #expect(!text.contains("\n"))
            #expect(text == "\(url.relativePath):9:20: TargetTracking.Metrics[0].TargetValue must be a number (found the text \"sixty\")")
            #expect(text.hasPrefix(url.path + ":9:20: "))
        }
        #expect(PolicyFileLoader.check(contentsOf: url, reference: reference).count == 1)
    }

    @Test("Bytes that are not UTF-8: the line and column of the first bad byte, and its offset")
    func notUTF8() throws {
        let url = try fixture("latin1.yaml")
        let found = PolicyFileLoader.check(contentsOf: url, reference: reference)
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.code == .invalidEncoding)
        #expect(problem.line == 4 && problem.column == 16)
        #expect(problem.message.contains("byte 0xE9 at byte offset 61"))
    }

    @Test("A file with only comments and blanks is empty")
    func emptyFile() throws {
        let found = PolicyFileLoader.check(contentsOf: try fixture("empty.yaml"), reference: reference)
        #expect(found.map(\.code) == [.emptyFile])
        #expect(found.first.map { ($0.line, $0.column) } ?? (0, 0) == (1, 1))
        #expect(problems("").map(\.code) == [.emptyFile])
        #expect(problems("---\n").map(\.code) == [.emptyFile])
    }

    @Test("Malformed YAML carries Yams' mark")
    func malformed() throws {
        let found = PolicyFileLoader.check(contentsOf: try fixture("malformed.yaml"), reference: reference)
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.code == .malformedYAML)
        #expect(problem.line == 6 && problem.column == 6)
        #expect(problem.message.hasPrefix("malformed YAML: "))
        #expect(!problem.description.contains("\n"))
    }

    @Test("Two documents in one file")
    func twoDocuments() {
        let found = problems(minimalHead + "---\nMinCapacity: 2\n")
        #expect(found.map(\.code) == [.malformedYAML])
        #expect(found.first?.line == 7)
    }

    @Test("A control character is reported where it is")
    func controlCharacter() {
        let found = problems("Name: a\u{1}b\n")
        #expect(found.map(\.code) == [.malformedYAML])
        #expect(found.first.map { ($0.line, $0.column) } ?? (0, 0) == (1, 8))
    }

    @Test("A missing file and a directory are unreadable")
    func unreadable() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/policy.yaml")
        let found = PolicyFileLoader.check(contentsOf: missing)
        #expect(found.map(\.description) == ["/nonexistent/policy.yaml:1:1: cannot read the file: no such file"])
        let directory = try fixture("")
        #expect(PolicyFileLoader.check(contentsOf: directory).map(\.code) == [.unreadableFile])
    }

    @Test("Messages never span lines, even when they quote multi-line text")
    func oneLineAlways() {
        let found = problems(minimalHead + "Name: |\n  first\n  second\n")
        #expect(found.count == 1)
        #expect(found.allSatisfy { !$0.description.contains("\n") })
    }
}
