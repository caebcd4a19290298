import Foundation

extension AWSError {
    /// Reads the error out of a failed response, whatever shape it has: a JSON body with
    /// `__type` (everything up to `#` dropped) or `code`, the `x-amzn-ErrorType` header, a
    /// Query-compatible `x-amzn-query-error` header, or an XML body with a `<Code>` element
    /// anywhere (moto answers auth failures in XML even for JSON services).
    /// - Parameter redacting: strings to cut out of the message (the secrets of the request).
    init(response: HTTPResponse, service: AWSService, operation: String, redacting secrets: [String] = []) {
        var code: String?
        var message: String?
        var requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]

        if let json = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            code = (json["__type"] as? String ?? json["code"] as? String ?? json["Code"] as? String)
            message = json["message"] as? String ?? json["Message"] as? String ?? json["errorMessage"] as? String
        } else if let tree = try? XMLTree.parse(response.body) {
            code = tree.name == "Code" ? tree.trimmedText : tree.firstDescendant("Code")?.trimmedText
            message = tree.firstDescendant("Message")?.trimmedText ?? tree.firstDescendant("message")?.trimmedText
            requestID = requestID ?? tree.firstDescendant("RequestId")?.trimmedText
                ?? tree.firstDescendant("RequestID")?.trimmedText
        }
        if code == nil || code?.isEmpty == true {
            code = response.headers["x-amzn-ErrorType"]
        }
        if case .json(_, _, true) = service.wireProtocol, let queryError = response.headers["x-amzn-query-error"] {
            // "Code;Sender": the Query-style code the service documents.
            code = String(queryError.split(separator: ";").first ?? Substring(queryError))
        }
        if message == nil, !response.body.isEmpty, code == nil {
            message = String(decoding: response.body.prefix(Self.maxMessageLength), as: UTF8.self)
        }
        self.init(
            service: service.serviceID,
            operation: operation,
            status: response.status,
            code: Self.normalizedCode(code) ?? "Unknown",
            message: Self.sanitized(message ?? "", redacting: secrets),
            requestID: requestID.flatMap { $0.isEmpty ? nil : $0 }
        )
    }

    static let maxMessageLength = 1024

    /// `aws.protocoltests#FooError:http://…` → `FooError`.
    static func normalizedCode(_ raw: String?) -> String? {
        guard var code = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !code.isEmpty else { return nil }
        if let hash = code.lastIndex(of: "#") {
            code = String(code[code.index(after: hash)...])
        }
        if let colon = code.firstIndex(of: ":") {
            code = String(code[..<colon])
        }
        return code.isEmpty ? nil : code
    }

    /// Cuts secrets out of a server-provided message, collapses it to one line and caps its length.
    static func sanitized(_ message: String, redacting secrets: [String]) -> String {
        var text = message
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        text = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > maxMessageLength {
            text = String(text.prefix(maxMessageLength)) + "…"
        }
        return text
    }
}
