import Foundation
import Hummingbird
import Logging

/// `/metrics`, `/healthz` and `/readyz` over HTTP, as a Hummingbird application.
public enum HealthServer {
    /// Builds the application; run it in the daemon's service group.
    public static func application(
        host: String, port: Int, metrics: ControllerMetrics, status: ControllerStatus, logger: Logger
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/healthz") { _, _ in "ok\n" }
        router.get("/readyz") { _, _ -> Response in
            let (ready, detail) = await status.readiness
            let body = (try? JSONSerialization.data(withJSONObject: detail, options: [.sortedKeys])) ?? Data()
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "headroom"),
            logger: logger)
    }
}
