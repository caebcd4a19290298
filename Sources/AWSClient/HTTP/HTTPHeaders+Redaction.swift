extension HTTPHeaders: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Header names whose values are credentials or bearer tokens.
    static let sensitiveNames: Set<String> = [
        "authorization", "x-amz-security-token", "x-aws-ec2-metadata-token", "proxy-authorization", "cookie", "set-cookie",
    ]

    /// The value as it may be printed: sensitive values are replaced by `<redacted>`.
    static func printable(_ field: Field) -> String {
        sensitiveNames.contains(field.name.lowercased()) ? "<redacted>" : field.value
    }

    /// `name: value` pairs with credentials redacted, safe to log.
    public var description: String {
        "[" + fields.map { "\($0.name): \(Self.printable($0))" }.joined(separator: ", ") + "]"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, unlabeledChildren: fields.map { "\($0.name): \(Self.printable($0))" }, displayStyle: .collection)
    }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Method, target without query, headers with credentials redacted, and the body size
    /// (bodies may carry tokens).
    public var description: String {
        "\(URLSessionTransport.describe(self)) \(headers) (\(body.count)-byte body)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["request": description], displayStyle: .struct)
    }
}

extension HTTPResponse: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Status, headers and body size; bodies may carry credentials (STS, IMDS, ECS).
    public var description: String {
        "HTTP \(status) \(headers) (\(body.count)-byte body)"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["response": description], displayStyle: .struct)
    }
}
