import Foundation

extension AWSServiceClient {
    /// Calls a Query-protocol operation (`Action=<operation>&Version=…`) and returns the
    /// `<OperationResult>` element of the XML response (the `<OperationResponse>` root when
    /// there is none; any other root is a malformed answer).
    /// - Parameters:
    ///   - signed: `false` only for the few unsigned STS calls.
    ///   - secrets: Secrets among the parameters, cut out of error messages.
    /// - Throws: ``AWSError``, ``AWSClientError`` (unparseable XML), ``HTTPTransportError``,
    ///   ``CredentialError``.
    public func query(
        _ operation: String,
        parameters: QueryParameters = QueryParameters(),
        signed: Bool = true,
        redacting secrets: [String] = []
    ) async throws -> XMLTree {
        guard case .query(let version) = service.wireProtocol else {
            throw AWSClientError.invalidRequest(
                service: service.serviceID, operation: operation, detail: "the service speaks JSON, not Query"
            )
        }
        let body = Data(parameters.formBody(action: operation, version: version).utf8)
        let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded; charset=utf-8"]
        let response = try await send(operation: operation, body: body, headers: headers, signed: signed, redacting: secrets)
        let root: XMLTree
        do {
            root = try XMLTree.parse(response.body)
        } catch {
            throw AWSClientError.malformedResponse(service: service.serviceID, operation: operation, detail: "\(error)")
        }
        if let result = root.child("\(operation)Result") { return result }
        // Operations without a result still answer <OperationResponse>. Anything else (a
        // proxy's or portal's HTML page is well-formed XML too) must not read as an empty
        // answer, which a describe would take for "no such group".
        guard root.name == "\(operation)Response" else {
            throw AWSClientError.malformedResponse(
                service: service.serviceID, operation: operation,
                detail: "the answer's root element is <\(root.name)>, not <\(operation)Response>")
        }
        return root
    }
}
