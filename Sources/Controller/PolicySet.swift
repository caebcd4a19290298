import CapacityCore
import Foundation
import PolicyFiles

/// The daemon's policies, one per target, loaded from files and folders.
///
/// On reload, a file that no longer loads keeps its last good version (and the problem is
/// reported), so a typo pushed at 3 a.m. never drops a target's scaling.
public struct PolicySet: Sendable {
    /// The last good policy of each file, by path.
    public private(set) var byFile: [String: CapacityPolicy] = [:]

    public init() {}

    /// Every policy, one per target, in file order.
    public var policies: [CapacityPolicy] {
        byFile.keys.sorted().compactMap { byFile[$0] }
    }

    /// Loads (or reloads) `paths`. Returns one message per problem, `FILE:LINE:COLUMN: …` where
    /// there is a place. Files that vanished are dropped; files that fail keep their last version.
    public mutating func load(_ paths: [String], reference: Date) -> [String] {
        var problems: [String] = []
        var files: [String] = []
        for path in paths {
            guard let expanded = PolicyPaths.expand(path) else {
                problems.append("\(path): no .yaml or .yml files in this folder")
                continue
            }
            files.append(contentsOf: expanded)
        }
        var next: [String: CapacityPolicy] = [:]
        var owners: [TargetReference: String] = [:]
        for file in files {
            let candidate: CapacityPolicy
            do {
                candidate = try PolicyFileLoader.load(contentsOf: URL(fileURLWithPath: file), reference: reference)
            } catch {
                problems.append(error.description + (byFile[file] != nil ? " (keeping the last good version)" : ""))
                if let previous = byFile[file], let target = previous.target, owners[target] == nil {
                    owners[target] = file
                    next[file] = previous
                }
                continue
            }
            guard let target = candidate.target else {
                problems.append("\(file): has no Target; only simulation policies may leave it out")
                continue
            }
            if let owner = owners[target] {
                problems.append("\(file): \(target) is already scaled by \(owner)")
                continue
            }
            owners[target] = file
            next[file] = candidate
        }
        byFile = next
        return problems
    }
}
