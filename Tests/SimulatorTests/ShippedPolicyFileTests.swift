import CapacityCore
import Foundation
import PolicyFiles
import Simulator
import Testing

@Suite("Shipped policy files")
struct ShippedPolicyFileTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("simulations/policies")

    /// The files the demo and the benchmarks run are exactly the presets the tests exercise.
    @Test(arguments: [
        ("aws-target-tracking.yaml", BaselinePolicies.awsTargetTracking()),
        ("k8s-hpa.yaml", BaselinePolicies.kubernetesHPA()),
        ("static.yaml", BaselinePolicies.fixed()),
        ("headroom.yaml", BaselinePolicies.headroom()),
    ])
    func fileLoadsToItsPreset(file: String, preset: CapacityPolicy) throws {
        let loaded = try PolicyFileLoader.load(contentsOf: Self.directory.appendingPathComponent(file))
        #expect(loaded == preset)
    }
}
