import AWSClient
import Foundation
import Synchronization

/// Passes requests on and remembers their URLs: how many HTTP calls a read cost.
final class RecordingTransport: HTTPTransport {
    let base: any HTTPTransport
    private let recorded = Mutex<[URL]>([])

    init(_ base: any HTTPTransport = URLSessionTransport()) {
        self.base = base
    }

    var urls: [URL] { recorded.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        recorded.withLock { $0.append(request.url) }
        return try await base.send(request)
    }

    /// The decoded value of query parameter `name` in each recorded URL.
    func parameter(_ name: String) -> [String?] {
        urls.map { url in
            URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
        }
    }
}
