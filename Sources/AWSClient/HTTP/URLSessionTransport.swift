import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Settings of a ``URLSessionTransport``.
public struct URLSessionTransportConfiguration: Sendable, Hashable {
    /// Default deadlines; a request may override them (``HTTPRequest/timeouts``).
    public var timeouts: HTTPTimeouts
    /// Largest response body accepted, in bytes; a larger one fails with
    /// ``HTTPTransportError/Code-swift.struct/responseTooLarge`` instead of filling memory.
    public var maxResponseBodySize: Int

    /// Creates a configuration (defaults: connect 10 s, request 30 s, 16 MiB bodies).
    public init(timeouts: HTTPTimeouts = HTTPTimeouts(), maxResponseBodySize: Int = 16 * 1024 * 1024) {
        self.timeouts = timeouts
        self.maxResponseBodySize = max(0, maxResponseBodySize)
    }
}

/// An ``HTTPTransport`` over URLSession (libcurl on Linux).
///
/// One session per transport: share a transport to share connections. Redirects are
/// not followed (an AWS redirect would drop the signature), cookies and caches are off.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let registry: TransferRegistry
    private let configuration: URLSessionTransportConfiguration

    /// Creates a transport with its own URLSession.
    public init(configuration: URLSessionTransportConfiguration = URLSessionTransportConfiguration()) {
        self.configuration = configuration
        let registry = TransferRegistry()
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.urlCache = nil
        sessionConfiguration.httpCookieStorage = nil
        sessionConfiguration.httpShouldSetCookies = false
        sessionConfiguration.requestCachePolicy = .reloadIgnoringLocalCacheData
        // Backstops only: the deadlines that matter are enforced per request below,
        // because URLSession's own timeouts have whole-second resolution on Linux.
        let backstop = configuration.timeouts.request.timeInterval + 5
        sessionConfiguration.timeoutIntervalForRequest = backstop
        sessionConfiguration.timeoutIntervalForResource = backstop
        let delegateQueue = OperationQueue()
        delegateQueue.maxConcurrentOperationCount = 1
        self.registry = registry
        self.session = URLSession(configuration: sessionConfiguration, delegate: registry, delegateQueue: delegateQueue)
    }

    deinit {
        // The session keeps its delegate alive until invalidated.
        session.invalidateAndCancel()
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = Self.describe(request)
        let timeouts = request.timeouts ?? configuration.timeouts
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.timeoutInterval = timeouts.request.timeInterval + 5
        for field in request.headers {
            urlRequest.addValue(field.value, forHTTPHeaderField: field.name)
        }
        if request.method != "GET" && request.method != "HEAD" {
            urlRequest.httpBody = request.body
        }
        guard request.url.scheme == "http" || request.url.scheme == "https", request.url.host != nil else {
            throw HTTPTransportError(code: .invalidRequest, target: target, detail: "only absolute http and https URLs are supported")
        }

        let task = session.dataTask(with: urlRequest)
        let taskID = task.taskIdentifier
        let registry = self.registry
        let watchdog = Task {
            try await Self.enforce(timeouts, on: task, registry: registry)
        }
        defer { watchdog.cancel() }

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                registry.register(
                    taskID: taskID,
                    continuation: continuation,
                    limit: configuration.maxResponseBodySize,
                    target: target
                )
                // A caller cancelled before this point ran its cancellation handler before
                // the transfer was registered: end it here instead of starting it.
                if Task.isCancelled {
                    _ = registry.cancel(taskID: taskID)
                    task.cancel()
                } else {
                    task.resume()
                }
            }
        } onCancel: {
            // Resume the caller ourselves: URLSession on Linux does not always report a
            // cancelled transfer.
            if registry.cancel(taskID: taskID) { task.cancel() }
        }
    }

    /// Fails the transfer when a deadline passes; cancelled when the transfer ends first.
    private static func enforce(_ timeouts: HTTPTimeouts, on task: URLSessionDataTask, registry: TransferRegistry) async throws {
        let taskID = task.taskIdentifier
        try await Task.sleep(for: timeouts.connect)
        if !registry.hasResponseHead(taskID: taskID) {
            if registry.expire(taskID: taskID, code: .timedOut, detail: "no response within \(timeouts.connect)") {
                task.cancel()
            }
            return
        }
        try await Task.sleep(for: timeouts.request - timeouts.connect)
        if registry.expire(taskID: taskID, code: .timedOut, detail: "response not complete within \(timeouts.request)") {
            task.cancel()
        }
    }

    /// Names a request in errors without its query string (which may carry a presigned signature).
    static func describe(_ request: HTTPRequest) -> String {
        var components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.fragment = nil
        components?.user = nil
        components?.password = nil
        return "\(request.method) \(components?.string ?? "<unprintable URL>")"
    }
}
