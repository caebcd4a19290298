import AWSClient
import Foundation
import HeadroomTestSupport
import Testing

/// The typed ECS, Application Auto Scaling, EC2 Auto Scaling and DynamoDB operations against
/// moto with signature checks on: the three unauthenticated actions create the administrator,
/// every call after that is signed and checked. One server for the whole suite; each test
/// uses its own names. The tests are in the `+ECS`, `+ApplicationAutoScaling`, `+AutoScaling`
/// and `+DynamoDB` extensions.
@Suite(
    "Operations against moto, signature checks on",
    .serialized,
    .enabled(if: MotoServer.isInstalled, "moto_server is not installed (scripts/moto.sh install)"),
    .motoServer(initialNoAuthActionCount: 3)
)
struct OperationsMotoTests {
    var endpoint: URL {
        get throws { try #require(MotoServer.current, "the .moto trait provides the server").baseURL }
    }

    func administrator() async throws -> MotoIdentity {
        try await MotoAccount.shared.administrator(at: try endpoint)
    }

    /// A client signing as the administrator whose requests are counted in `counter`.
    func counted(_ service: AWSService, _ counter: AWSCallCounter) async throws -> AWSServiceClient {
        try await administrator().client(service, transport: CountingTransport(MotoAccount.transport, counter: counter))
    }
}
