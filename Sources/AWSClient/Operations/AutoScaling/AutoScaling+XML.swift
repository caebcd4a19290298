import Foundation

/// Reading the Query protocol's XML answers into ``AutoScaling`` shapes. Lists are
/// `<Name><member>…</member></Name>`; a required field that is missing or not a number is a
/// ``Problem`` naming the element, which the client reports as a malformed response.
extension AutoScaling {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func members(_ tree: XMLTree, _ name: String) -> [XMLTree] {
        tree.child(name)?.children("member") ?? []
    }

    static func requiredText(_ tree: XMLTree, _ name: String, in context: String) throws(Problem) -> String {
        guard let text = tree.text(name), !text.isEmpty else {
            throw Problem(description: "\(context) has no \(name)")
        }
        return text
    }

    static func requiredInt(_ tree: XMLTree, _ name: String, in context: String) throws(Problem) -> Int {
        let text = try requiredText(tree, name, in: context)
        guard let value = Int(text) else {
            throw Problem(description: "\(context) has \(name) '\(text)', not an integer")
        }
        return value
    }

    static func optionalInt(_ tree: XMLTree, _ name: String, in context: String) throws(Problem) -> Int? {
        guard let text = tree.text(name), !text.isEmpty else { return nil }
        guard let value = Int(text) else {
            throw Problem(description: "\(context) has \(name) '\(text)', not an integer")
        }
        return value
    }

    static func optionalBool(_ tree: XMLTree, _ name: String) -> Bool? {
        switch tree.text(name)?.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}

extension AutoScaling.Group {
    init(xml: XMLTree) throws(AutoScaling.Problem) {
        let name = try AutoScaling.requiredText(xml, "AutoScalingGroupName", in: "an AutoScalingGroups member")
        let context = "Auto Scaling group '\(name)'"
        var instances: [AutoScaling.Instance] = []
        for member in AutoScaling.members(xml, "Instances") {
            instances.append(try AutoScaling.Instance(xml: member, in: context))
        }
        var warmPool: AutoScaling.WarmPoolConfiguration?
        if let element = xml.child("WarmPoolConfiguration") {
            warmPool = try AutoScaling.WarmPoolConfiguration(xml: element, in: context)
        }
        self.init(
            name: name,
            arn: xml.text("AutoScalingGroupARN"),
            minSize: try AutoScaling.requiredInt(xml, "MinSize", in: context),
            maxSize: try AutoScaling.requiredInt(xml, "MaxSize", in: context),
            desiredCapacity: try AutoScaling.requiredInt(xml, "DesiredCapacity", in: context),
            instances: instances,
            status: xml.text("Status").flatMap { $0.isEmpty ? nil : $0 },
            warmPoolConfiguration: warmPool,
            warmPoolSize: try AutoScaling.optionalInt(xml, "WarmPoolSize", in: context),
            suspendedProcesses: AutoScaling.members(xml, "SuspendedProcesses").compactMap { $0.text("ProcessName") }
        )
    }
}

extension AutoScaling.Instance {
    init(xml: XMLTree, in context: String) throws(AutoScaling.Problem) {
        let id = try AutoScaling.requiredText(xml, "InstanceId", in: "an instance of \(context)")
        self.init(
            instanceID: id,
            lifecycleState: AutoScaling.LifecycleState(
                rawValue: try AutoScaling.requiredText(xml, "LifecycleState", in: "instance \(id) of \(context)")),
            healthStatus: xml.text("HealthStatus"),
            availabilityZone: xml.text("AvailabilityZone"),
            instanceType: xml.text("InstanceType")
        )
    }
}

extension AutoScaling.WarmPoolConfiguration {
    init(xml: XMLTree, in context: String) throws(AutoScaling.Problem) {
        let prepared = try AutoScaling.optionalInt(xml, "MaxGroupPreparedCapacity", in: "the warm pool of \(context)")
        self.init(
            minSize: try AutoScaling.optionalInt(xml, "MinSize", in: "the warm pool of \(context)"),
            maxGroupPreparedCapacity: prepared.flatMap { $0 < 0 ? nil : $0 },
            poolState: xml.text("PoolState").flatMap { $0.isEmpty ? nil : AutoScaling.WarmPoolState(rawValue: $0) },
            status: xml.text("Status").flatMap { $0.isEmpty ? nil : $0 },
            reuseOnScaleIn: xml.child("InstanceReusePolicy").flatMap { AutoScaling.optionalBool($0, "ReuseOnScaleIn") }
        )
    }
}
