import Foundation

extension AWSServiceClient {
    /// Calls a JSON 1.0/1.1 operation: `input` is encoded as the body, the response body
    /// decoded as `Output`. Dates travel as epoch seconds, as AWS JSON protocols send them.
    /// - Throws: ``AWSError``, ``AWSClientError`` (encoding/decoding), ``HTTPTransportError``,
    ///   ``CredentialError``.
    public func json<Input: Encodable & Sendable, Output: Decodable>(
        _ operation: String,
        input: Input,
        as output: Output.Type = Output.self
    ) async throws -> Output {
        guard case .json(let version, let targetPrefix, let queryCompatible) = service.wireProtocol else {
            throw AWSClientError.invalidRequest(
                service: service.serviceID, operation: operation, detail: "the service speaks Query, not JSON"
            )
        }
        let body: Data
        do {
            body = try Self.jsonEncoder.encode(input)
        } catch {
            throw AWSClientError.invalidRequest(service: service.serviceID, operation: operation, detail: "\(error)")
        }
        var headers: HTTPHeaders = [
            "Content-Type": "application/x-amz-json-\(version)",
            "X-Amz-Target": "\(targetPrefix).\(operation)",
        ]
        if queryCompatible {
            headers.add(name: "x-amzn-query-mode", value: "true")
        }
        let response = try await send(operation: operation, body: body, headers: headers)
        let payload = response.body.isEmpty ? Data("{}".utf8) : response.body
        do {
            return try Self.jsonDecoder.decode(Output.self, from: payload)
        } catch {
            throw AWSClientError.malformedResponse(service: service.serviceID, operation: operation, detail: "\(error)")
        }
    }

    /// Calls a JSON operation whose response carries nothing the caller needs.
    public func json<Input: Encodable & Sendable>(_ operation: String, input: Input) async throws {
        _ = try await json(operation, input: input, as: EmptyResponse.self)
    }

    static var jsonEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }

    static var jsonDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}

/// A response whose fields are ignored.
public struct EmptyResponse: Decodable, Sendable, Hashable {
    public init(from decoder: any Decoder) throws {}
    public init() {}
}
