import ArgumentParser
import Foundation
import SigV4

/// `headroom aws bench-sign`: signatures per second for a typical ECS call, to compare with
/// `scripts/bench-sigv4.py` (botocore). Hidden: it is a measurement tool, not a user command.
struct AWSBenchSignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-sign",
        abstract: "Measure SigV4 header signing of a 1 KB JSON POST (ECS UpdateService-like).",
        shouldDisplay: false
    )

    @Option(help: "Signatures to time after a warm-up of a tenth as many.")
    var iterations = 200_000

    func validate() throws {
        guard iterations > 0 else { throw ValidationError("--iterations must be positive") }
    }

    func run() throws {
        let request = BenchmarkRequest.ecsUpdateService
        let signer = SigV4Signer(credentials: BenchmarkRequest.credentials, region: "us-east-1", service: "ecs")
        var checksum = 0
        for _ in 0..<max(1, iterations / 10) {
            checksum &+= signer.signed(request, at: Date()).headers.count
        }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations {
            checksum &+= signer.signed(request, at: Date()).headers.count
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let perSecond = Double(iterations) / seconds
        print("swift SigV4Signer: \(iterations) signatures in \(String(format: "%.3f", seconds)) s = \(Int(perSecond)) signatures/s (body \(request.body.count) bytes, checksum \(checksum))")
    }
}

/// The request both benchmarks sign; `scripts/bench-sigv4.py` builds the same one.
enum BenchmarkRequest {
    static let credentials = SigningCredentials(
        accessKeyID: "ASIAEXAMPLEEXAMPLE00", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: String(repeating: "IQoJb3JpZ2luX2VjEXAMPLE", count: 16)
    )

    /// A JSON body padded to exactly 1024 bytes.
    static let body: [UInt8] = {
        let head = #"{"cluster":"production","service":"web-frontend","desiredCount":12,"forceNewDeployment":false,"deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":100},"padding":""#
        let tail = #""}"#
        let padding = String(repeating: "x", count: 1024 - head.utf8.count - tail.utf8.count)
        return Array((head + padding + tail).utf8)
    }()

    static let ecsUpdateService = SignableRequest(
        method: "POST", path: "/", query: "",
        headers: [
            HTTPHeaderField(name: "Host", value: "ecs.us-east-1.amazonaws.com"),
            HTTPHeaderField(name: "Content-Type", value: "application/x-amz-json-1.1"),
            HTTPHeaderField(name: "X-Amz-Target", value: "AmazonEC2ContainerServiceV20141113.UpdateService"),
            HTTPHeaderField(name: "Content-Length", value: "1024"),
            HTTPHeaderField(name: "User-Agent", value: "headroom/0.1.0"),
        ],
        body: body
    )
}
