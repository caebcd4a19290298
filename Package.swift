// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 language mode comes from the tools version;
/// `ExistentialAny` keeps protocol-typed values visible at the use site.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "headroom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "headroom", targets: ["headroom"]),
        .library(name: "CapacityCore", targets: ["CapacityCore"]),
        .library(name: "SigV4", targets: ["SigV4"]),
        // Products for the fuzz targets in Fuzz/, which reach these modules only through the package.
        .library(name: "PolicyFiles", targets: ["PolicyFiles"]),
        .library(name: "Simulator", targets: ["Simulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
    ],
    targets: [
        // The pure decision core: no networking, no clock, Foundation only.
        .target(name: "CapacityCore", swiftSettings: strictSettings),
        // YAML policy and scenario files into validated CapacityCore values.
        .target(
            name: "PolicyFiles",
            dependencies: ["CapacityCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSettings
        ),
        // A leaf target, like soto's signer: canonical requests and signatures only.
        .target(
            name: "SigV4",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Credentials, transport, retries, protocols and AWS operations.
        .target(
            name: "AWSClient",
            dependencies: [
                "SigV4",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Metric readings from CloudWatch and Prometheus, behind one protocol.
        .target(
            name: "MetricSources",
            dependencies: [
                "CapacityCore", "AWSClient",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The reconciler, leader lease, decision journal, HTTP endpoints and lifecycle.
        .target(
            name: "Controller",
            dependencies: [
                "CapacityCore", "PolicyFiles", "AWSClient", "MetricSources", "CMallocControl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings
        ),
        // glibc's allocator controls for the daemon (HeapMemory): a header, no code of its own.
        .target(name: "CMallocControl"),
        // Trace replay, the physics and scores of SIMULATION.md, reports.
        .target(
            name: "Simulator",
            dependencies: ["CapacityCore", "PolicyFiles"],
            swiftSettings: strictSettings
        ),
        // `headroom tune`: the search space, objective, search and fit/validate split; runs candidates through Simulator.
        .target(
            name: "Tuning",
            dependencies: ["CapacityCore", "PolicyFiles", "Simulator"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "headroom",
            dependencies: [
                "CapacityCore", "PolicyFiles", "SigV4", "AWSClient", "MetricSources", "Controller", "Simulator", "Tuning",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // Shared by the test targets: moto as the AWS peer, IAM bootstrap, loopback stubs.
        .target(
            name: "HeadroomTestSupport",
            dependencies: ["AWSClient", "SigV4", .product(name: "Logging", package: "swift-log")],
            path: "Tests/HeadroomTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CapacityCoreTests",
            dependencies: ["CapacityCore", .product(name: "PropertyBased", package: "swift-property-based")],
            // Read from the source tree by path (DecisionMemoryPersistenceTests rewrites it on request).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PolicyFilesTests",
            dependencies: ["PolicyFiles", "CapacityCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SigV4Tests",
            dependencies: ["SigV4"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AWSClientTests",
            dependencies: ["AWSClient", "SigV4", "HeadroomTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MetricSourcesTests",
            dependencies: ["MetricSources", "CapacityCore", "AWSClient", "HeadroomTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ControllerTests",
            dependencies: [
                "Controller", "CapacityCore", "MetricSources", "Simulator", "PolicyFiles", "AWSClient",
                "HeadroomTestSupport",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: ["Simulator", "CapacityCore", "PolicyFiles"],
            // Read from the source tree by path (GoldenDecisionsTests rewrites it on request).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TuningTests",
            dependencies: ["Tuning", "Simulator", "CapacityCore", "PolicyFiles"],
            swiftSettings: strictSettings
        ),
        // Faults between the daemon and its peers (a FaultProxy in front of moto and Prometheus).
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "Controller", "CapacityCore", "MetricSources", "PolicyFiles", "AWSClient", "HeadroomTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HeadroomCLITests",
            dependencies: ["HeadroomTestSupport", "AWSClient"],
            swiftSettings: strictSettings
        ),
    ]
)
