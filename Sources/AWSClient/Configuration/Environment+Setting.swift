import Foundation

extension [String: String] {
    /// The trimmed value of an environment variable, or `nil` when it is unset or blank:
    /// the AWS SDKs treat an empty variable as unset.
    func setting(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    /// Whether an environment variable is set to `true` (any case).
    func flag(_ name: String) -> Bool {
        setting(name)?.lowercased() == "true"
    }
}
