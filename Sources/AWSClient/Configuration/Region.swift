import Foundation

/// An AWS Region name such as `eu-west-1`.
///
/// Only letters, digits and hyphens are accepted: the name becomes part of a host name
/// and of every credential scope.
public struct Region: Sendable, Hashable, CustomStringConvertible {
    /// The region name, e.g. `us-east-1`.
    public let name: String

    /// Creates a region, or `nil` when `name` is empty or has characters other than
    /// ASCII letters, digits and `-`.
    public init?(_ name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy(Self.isAllowed) else { return nil }
        self.name = trimmed
    }

    /// `us-east-1`, where global STS and IAM live.
    public static let usEast1 = Region(validated: "us-east-1")

    private init(validated name: String) {
        self.name = name
    }

    /// The DNS suffix of the region's partition (`amazonaws.com`, or `amazonaws.com.cn` in China).
    public var dnsSuffix: String {
        name.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }

    public var description: String { name }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
        default: false
        }
    }
}

extension Region {
    /// The region the AWS SDKs would pick: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the
    /// profile's `region`.
    /// - Throws: ``AWSClientError`` when the chosen value is not a valid region name.
    /// - Returns: `nil` when none of them is set.
    public static func resolve(environment: [String: String], profile: Profile?) throws -> Region? {
        let candidates: [(source: String, value: String?)] = [
            ("AWS_REGION", environment.setting("AWS_REGION")),
            ("AWS_DEFAULT_REGION", environment.setting("AWS_DEFAULT_REGION")),
            ("region of profile '\(profile?.name ?? "")'", profile?["region"]),
        ]
        for candidate in candidates {
            guard let value = candidate.value else { continue }
            guard let region = Region(value) else {
                throw AWSClientError.invalidRegion(value, source: candidate.source)
            }
            return region
        }
        return nil
    }
}
