import CapacityCore

extension PolicyDocumentDecoder {
    static let awsScalingModes: KeyValuePairs<String, AWSScalingMode> = ["Refuse": .refuse, "Suspend": .suspend]

    /// `AWSScaling: Refuse | Suspend`: what to do about AWS's own scaling on the target;
    /// `Refuse` when absent (a bad value is reported and the policy does not load).
    mutating func awsScaling(in top: YAMLMapping) -> AWSScalingMode {
        reader.choice("AWSScaling", in: top, Self.awsScalingModes) ?? .refuse
    }
}
