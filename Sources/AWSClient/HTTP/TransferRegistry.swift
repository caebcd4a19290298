import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The URLSession delegate of a ``URLSessionTransport``: collects each task's response
/// and body, enforces the body size limit, and resumes the waiting caller exactly once.
///
/// URLSession calls it on its delegate queue while callers and watchdogs call it from
/// any task, so every access to the table goes through the lock.
final class TransferRegistry: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Transfer {
        var continuation: CheckedContinuation<HTTPResponse, any Error>
        var limit: Int
        var target: String
        var response: HTTPURLResponse?
        var body = Data()
        var failure: HTTPTransportError?
    }

    private let lock = NSLock()
    private var transfers: [Int: Transfer] = [:]

    func register(taskID: Int, continuation: CheckedContinuation<HTTPResponse, any Error>, limit: Int, target: String) {
        lock.withLock {
            transfers[taskID] = Transfer(continuation: continuation, limit: limit, target: target)
        }
    }

    func hasResponseHead(taskID: Int) -> Bool {
        lock.withLock { transfers[taskID]?.response != nil }
    }

    /// Records the first failure of a running transfer. Returns `false` when the transfer
    /// already ended or already failed, so the caller does not cancel a finished task.
    func fail(taskID: Int, code: HTTPTransportError.Code, detail: String) -> Bool {
        lock.withLock {
            guard var transfer = transfers[taskID], transfer.failure == nil else { return false }
            transfer.failure = HTTPTransportError(code: code, target: transfer.target, detail: detail)
            transfers[taskID] = transfer
            return true
        }
    }

    /// Ends a running transfer now with a failure, resuming its caller here rather than
    /// waiting for URLSession to report the cancellation (on Linux it sometimes never does).
    /// Returns `false` when the transfer already ended.
    func expire(taskID: Int, code: HTTPTransportError.Code, detail: String) -> Bool {
        let ended: Transfer? = lock.withLock { transfers.removeValue(forKey: taskID) }
        guard let ended else { return false }
        ended.continuation.resume(throwing: HTTPTransportError(code: code, target: ended.target, detail: detail))
        return true
    }

    /// Ends a running transfer because its caller was cancelled, resuming the caller with
    /// `CancellationError` here (for the same reason as ``expire(taskID:code:detail:)``).
    /// Returns `false` when the transfer already ended or was never registered.
    func cancel(taskID: Int) -> Bool {
        let ended: Transfer? = lock.withLock { transfers.removeValue(forKey: taskID) }
        guard let ended else { return false }
        ended.continuation.resume(throwing: CancellationError())
        return true
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let tooLarge: Bool = lock.withLock {
            guard var transfer = transfers[dataTask.taskIdentifier] else { return false }
            transfer.response = response as? HTTPURLResponse
            transfers[dataTask.taskIdentifier] = transfer
            return response.expectedContentLength > Int64(transfer.limit)
        }
        if tooLarge, fail(taskID: dataTask.taskIdentifier, code: .responseTooLarge, detail: "declared body exceeds the limit") {
            dataTask.cancel()
        }
        completionHandler(tooLarge ? .cancel : .allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let overLimit: Int? = lock.withLock {
            guard var transfer = transfers[dataTask.taskIdentifier], transfer.failure == nil else { return nil }
            if transfer.body.count + data.count > transfer.limit {
                return transfer.limit
            }
            transfer.body.append(data)
            transfers[dataTask.taskIdentifier] = transfer
            return nil
        }
        if let limit = overLimit,
            fail(taskID: dataTask.taskIdentifier, code: .responseTooLarge, detail: "body exceeds \(limit) bytes")
        {
            dataTask.cancel()
        }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let transfer = lock.withLock({ transfers.removeValue(forKey: task.taskIdentifier) }) else { return }
        transfer.continuation.resume(with: Self.result(of: transfer, error: error))
    }

    private static func result(of transfer: Transfer, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let failure = transfer.failure {
            return .failure(failure)
        }
        if let error {
            return .failure(map(error, target: transfer.target))
        }
        guard let response = transfer.response else {
            return .failure(
                HTTPTransportError(code: .invalidResponse, target: transfer.target, detail: "no HTTP response head")
            )
        }
        var headers = HTTPHeaders()
        for (name, value) in response.allHeaderFields {
            headers.add(name: "\(name)", value: "\(value)")
        }
        return .success(HTTPResponse(status: response.statusCode, headers: headers, body: transfer.body))
    }

    /// URLSession reports a cancelled task as URLError(.cancelled): that is the caller's
    /// task being cancelled, so it becomes a CancellationError.
    private static func map(_ error: any Error, target: String) -> any Error {
        guard let urlError = error as? URLError else {
            return HTTPTransportError(code: .connectionFailed, target: target, detail: "\(error)")
        }
        let detail = "URLError \(urlError.code.rawValue): \(urlError.localizedDescription)"
        switch urlError.code {
        case .cancelled:
            return CancellationError()
        case .timedOut:
            return HTTPTransportError(code: .timedOut, target: target, detail: detail)
        case .badURL, .unsupportedURL:
            return HTTPTransportError(code: .invalidRequest, target: target, detail: detail)
        case .dataLengthExceedsMaximum:
            return HTTPTransportError(code: .responseTooLarge, target: target, detail: detail)
        default:
            return HTTPTransportError(code: .connectionFailed, target: target, detail: detail)
        }
    }
}
