// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for Headroom's input parsers (RELIABILITY.md, "Fuzzing").
///
/// A package of its own so that the main package's build never sees fuzzing flags. Each
/// executable exports `LLVMFuzzerTestOneInput` and starts libFuzzer from its `<Target>_main`
/// (see FuzzDriver.h); it only links when built as `scripts/fuzz.sh` builds it:
/// `swift build -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library`.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "headroom-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its directory name, which differs
        // between clones (the CI clone, worktrees).
        .package(name: "headroom", path: ".."),
    ],
    targets: [
        // libFuzzer's driver, called from each target's `main` (SwiftPM renames `main`).
        .target(name: "FuzzDriver"),
        .executableTarget(
            name: "FuzzPolicyParser",
            dependencies: ["FuzzDriver", .product(name: "PolicyFiles", package: "headroom")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "FuzzTraceReader",
            dependencies: ["FuzzDriver", .product(name: "Simulator", package: "headroom")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "FuzzCron",
            dependencies: ["FuzzDriver", .product(name: "CapacityCore", package: "headroom")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "FuzzSigV4Canonicalizer",
            dependencies: ["FuzzDriver", .product(name: "SigV4", package: "headroom")],
            swiftSettings: strictSettings
        ),
    ]
)
