import Controller
import Foundation
import Logging
import PolicyFiles

// Interim: replaced by the AWS-backed assembly when the AWS operations land.
extension DaemonParts {
    static func make(configuration: DaemonConfiguration, environment: [String: String], logger: Logger) async throws -> DaemonParts {
        throw DaemonStartError("the AWS backend is not built into this version yet")
    }
}
