import CapacityCore
import Foundation
import PolicyFiles
import Testing

/// 2026-01-05T00:00:00Z, a Monday: schedules must fire after it.
let reference = Date(timeIntervalSince1970: 1_767_571_200)

/// Every problem in `yaml`, read as the file `test.yaml`.
func problems(_ yaml: String) -> [PolicyFileError] {
    PolicyFileLoader.check(yaml: yaml, path: "test.yaml", reference: reference)
}

/// The policy in `yaml`, read as the file `name`.
func policy(_ yaml: String, name: String = "test.yaml") throws -> CapacityPolicy {
    try PolicyFileLoader.load(yaml: yaml, path: name, reference: reference)
}

/// Expects `yaml` to have exactly one problem, of `code` at `line`:`column`, whose message
/// contains every one of `fragments`.
func expectOnlyProblem(
    _ yaml: String, _ code: PolicyFileError.Code, line: Int, column: Int, _ fragments: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let found = problems(yaml)
    #expect(found.count == 1, "problems: \(found.map(\.description))", sourceLocation: sourceLocation)
    guard let problem = found.first else { return }
    #expect(problem.code == code, "\(problem)", sourceLocation: sourceLocation)
    #expect(problem.line == line && problem.column == column, "\(problem)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(problem.message.contains(fragment), "\(problem)", sourceLocation: sourceLocation)
    }
}

/// A file in Tests/PolicyFilesTests/Fixtures.
func fixture(_ name: String) throws -> URL {
    let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
    return directory.appendingPathComponent(name)
}

/// The package's root directory, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // PolicyFilesTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// The smallest valid policy: the head of most test files.
let minimalHead = """
    MinCapacity: 1
    MaxCapacity: 10
    TargetTracking:
      Metrics:
        - Name: load
          TargetValue: 50

    """
