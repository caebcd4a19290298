import CapacityCore
import Foundation
import Yams

/// One setting a tuned policy file writes differently from its baseline, by its path in the
/// file (`TargetTracking.ScaleIn.Alarm.Datapoints`, `Buffer.Window`).
public struct PolicySettingChange: Sendable, Hashable {
    /// The setting's keys from the top of the document; a list item is named by its `Name`
    /// (`TargetTracking.Metrics[cpu].TargetValue`) or else its position.
    public var setting: String
    /// As the baseline has it, written out in full as a tuned file writes it; `nil` when the
    /// baseline has no such setting (e.g. a buffer it does not use).
    public var baseline: String?
    /// As the tuned file has it; `nil` when the tuned policy drops it.
    public var tuned: String?

    public init(setting: String, baseline: String?, tuned: String?) {
        self.setting = setting
        self.baseline = baseline
        self.tuned = tuned
    }

    /// `Buffer.Window: none → 7200`.
    public var text: String { "\(setting): \(baseline ?? "none") → \(tuned ?? "none")" }
}

extension TunedPolicyDocument {
    /// What `tuned` changes from `baseline`, setting by setting, in the order the tuned file
    /// writes them (settings it drops last).
    ///
    /// Both are written as a tuned file writes a policy, every setting spelt out, so a kind's
    /// preset that the baseline file leaves implicit (AWS's 15-datapoint scale-in alarm) is
    /// compared as the value it stands for. The name is left out: it always changes.
    public static func changes(
        baselineYAML: String, baselinePath: String, baseline: CapacityPolicy, tuned: CapacityPolicy, reference: Date
    ) throws(PolicyFileError) -> [PolicySettingChange] {
        var spelt = baseline
        spelt.name = tuned.name
        spelt.kind = .headroom
        let before = try settings(render(baselineYAML: baselineYAML, baselinePath: baselinePath, tuned: spelt, header: [], reference: reference))
        let after = try settings(render(baselineYAML: baselineYAML, baselinePath: baselinePath, tuned: tuned, header: [], reference: reference))
        let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
        let new = Dictionary(after, uniquingKeysWith: { first, _ in first })
        var changes: [PolicySettingChange] = []
        for (path, value) in after where path != "Name" && old[path] != value {
            changes.append(PolicySettingChange(setting: path, baseline: old[path], tuned: value))
        }
        for (path, value) in before where path != "Name" && new[path] == nil {
            changes.append(PolicySettingChange(setting: path, baseline: value, tuned: nil))
        }
        return collapsed(changes, before: before.map(\.0), after: after.map(\.0))
    }

    /// A section one side lacks altogether (a `Buffer`, a rate limit) as one change, its
    /// settings listed on the other side: `Buffer: none → Window 7200, Deviations 0.3, …`.
    static func collapsed(_ changes: [PolicySettingChange], before: [String], after: [String]) -> [PolicySettingChange] {
        // The outermost section of `path` that no path of `others` enters.
        func missingSection(_ path: String, in others: [String]) -> String? {
            var end = path.startIndex
            while let next = path[path.index(after: end)...].firstIndex(where: { $0 == "." || $0 == "[" }) {
                let section = String(path[..<next])
                if !others.contains(where: { $0 == section || $0.hasPrefix(section + ".") || $0.hasPrefix(section + "[") }) {
                    return section
                }
                end = next
            }
            return nil
        }
        var out: [PolicySettingChange] = []
        var index = 0
        while index < changes.count {
            let change = changes[index]
            let added = change.baseline == nil
            let others = added ? before : after
            guard change.baseline == nil || change.tuned == nil, let section = missingSection(change.setting, in: others) else {
                out.append(change)
                index += 1
                continue
            }
            var parts: [String] = []
            while index < changes.count, changes[index].setting.hasPrefix(section),
                (added ? changes[index].baseline : changes[index].tuned) == nil
            {
                let rest = changes[index].setting.dropFirst(section.count).drop { $0 == "." }
                parts.append("\(rest) \((added ? changes[index].tuned : changes[index].baseline) ?? "")")
                index += 1
            }
            // A list of one item (a single rate limit) reads without its index.
            if parts.allSatisfy({ $0.hasPrefix("[0].") }) { parts = parts.map { String($0.dropFirst(4)) } }
            let listed = parts.joined(separator: ", ")
            out.append(PolicySettingChange(setting: section, baseline: added ? nil : listed, tuned: added ? listed : nil))
        }
        return out
    }

    /// Every scalar of a written policy file with its path, in document order; a list of scalars
    /// (`Seasons: [86400, 604800]`) is one setting.
    static func settings(_ text: String) -> [(String, String)] {
        guard let root = try? Yams.compose(yaml: text) else { return [] }
        var out: [(String, String)] = []
        func walk(_ node: Node, _ path: String) {
            switch node {
            case .scalar(let scalar):
                out.append((path, scalar.string))
            case .mapping(let mapping):
                for (key, value) in mapping {
                    walk(value, path.isEmpty ? (key.string ?? "?") : "\(path).\(key.string ?? "?")")
                }
            case .sequence(let sequence):
                if sequence.allSatisfy({ $0.scalar != nil }) {
                    out.append((path, "[" + sequence.compactMap(\.string).joined(separator: ", ") + "]"))
                } else {
                    for (index, item) in sequence.enumerated() {
                        walk(item, "\(path)[\(item.mapping?["Name"]?.string ?? String(index))]")
                    }
                }
            case .alias:
                break
            }
        }
        walk(root, "")
        return out
    }
}
