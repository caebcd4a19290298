import CapacityCore
import Controller
import Foundation
import Testing

@Suite("Policy set")
struct PolicySetTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("headroom-policies-\(UUID().uuidString)")

    func write(_ name: String, _ yaml: String) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try yaml.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func policy(_ target: String, max: Int) -> String {
        """
        Target: \(target)
        MinCapacity: 1
        MaxCapacity: \(max)
        TargetTracking:
          Metrics:
            - Name: cpu
              TargetValue: 60
              Prometheus: {Query: 'up'}

        """
    }

    @Test func aBrokenFileKeepsItsLastGoodVersion() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("api.yaml", policy("ecs:prod/api", max: 10))
        try write("web.yaml", policy("ecs:prod/web", max: 5))
        var set = PolicySet()
        #expect(set.load([folder.path], reference: Date()).isEmpty)
        #expect(set.policies.map(\.bounds.max) == [10, 5])

        try write("api.yaml", policy("ecs:prod/api", max: 10) + "Oops: [\n")
        try write("web.yaml", policy("ecs:prod/web", max: 7))
        let problems = set.load([folder.path], reference: Date())
        #expect(problems.count == 1)
        #expect(problems.first?.contains("api.yaml:") == true)
        #expect(problems.first?.hasSuffix("(keeping the last good version)") == true)
        #expect(set.policies.map(\.bounds.max) == [10, 7], "api keeps max 10, web takes its new max 7")
    }

    @Test func twoFilesForOneTargetAndMissingTargetsAreProblems() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try write("a.yaml", policy("ecs:prod/api", max: 10))
        try write("b.yaml", policy("ecs:prod/api", max: 3))
        try write("c.yaml", "MinCapacity: 1\nMaxCapacity: 2\nKind: static\nFixedCapacity: 1\n")
        var set = PolicySet()
        let problems = set.load([folder.path], reference: Date())
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("b.yaml: ecs:prod/api is already scaled by") })
        #expect(problems.contains { $0.contains("c.yaml: has no Target") })
        #expect(set.policies.count == 1)
    }
}
