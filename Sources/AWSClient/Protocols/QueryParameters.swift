import SigV4

/// The parameters of an AWS Query protocol request, in the order they are added.
///
/// Lists follow the Query protocol's flattening: `Name.member.1=a&Name.member.2=b`, and an
/// empty list is sent as `Name=` so the service sees an explicitly empty list.
public struct QueryParameters: Sendable, Hashable {
    /// One `name=value` pair, not yet encoded.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name, e.g. `AutoScalingGroupNames.member.1`.
        public var name: String
        /// The parameter value.
        public var value: String
    }

    /// The parameters in the order they were added.
    public private(set) var parameters: [Parameter] = []

    /// Creates an empty parameter list.
    public init() {}

    /// Adds `name=value`.
    public mutating func add(_ name: String, _ value: String) {
        parameters.append(Parameter(name: name, value: value))
    }

    /// Adds `name=value` when `value` is not `nil`; integers are written in decimal.
    public mutating func add(_ name: String, _ value: Int?) {
        if let value { add(name, String(value)) }
    }

    /// Adds `name=true|false` when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: Bool?) {
        if let value { add(name, value ? "true" : "false") }
    }

    /// Adds `name=value` when `value` is not `nil`.
    public mutating func add(_ name: String, _ value: String?) {
        if let value { add(name, value) }
    }

    /// Adds a list as `name.member.1=…`, `name.member.2=…`; an empty list as `name=`.
    public mutating func addList(_ name: String, _ values: [String], memberName: String = "member") {
        guard !values.isEmpty else {
            add(name, "")
            return
        }
        for (offset, value) in values.enumerated() {
            add("\(name).\(memberName).\(offset + 1)", value)
        }
    }

    /// The form body `Action=<action>&Version=<version>&…` with every name and value
    /// percent-encoded as AWS requires (only `A-Z a-z 0-9 - _ . ~` stay as they are;
    /// space is `%20`, never `+`).
    public func formBody(action: String, version: String) -> String {
        var pairs = ["Action=\(URIEncoding.encode(action))", "Version=\(URIEncoding.encode(version))"]
        for parameter in parameters {
            pairs.append("\(URIEncoding.encode(parameter.name))=\(URIEncoding.encode(parameter.value))")
        }
        return pairs.joined(separator: "&")
    }
}
