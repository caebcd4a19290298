import Foundation

/// The AWS shared `config` and `credentials` files, located the way the SDKs locate them.
public struct SharedConfiguration: Sendable, Hashable {
    /// The `config` file that was read, if any.
    public let configFilePath: String?
    /// The `credentials` file that was read, if any.
    public let credentialsFilePath: String?
    private let config: SharedConfigFile
    private let credentials: SharedConfigFile

    /// Creates a configuration from already parsed files.
    public init(
        config: SharedConfigFile,
        credentials: SharedConfigFile,
        configFilePath: String? = nil,
        credentialsFilePath: String? = nil
    ) {
        self.config = config
        self.credentials = credentials
        self.configFilePath = configFilePath
        self.credentialsFilePath = credentialsFilePath
    }

    /// Reads `AWS_CONFIG_FILE` (default `$HOME/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `$HOME/.aws/credentials`). A missing file counts as empty; without `HOME`
    /// the default files are not looked for.
    /// - Throws: ``AWSClientError`` when a file exists but cannot be read as UTF-8 text.
    public static func load(environment: [String: String]) throws -> SharedConfiguration {
        let home = environment.setting("HOME")
        let configPath = environment.setting("AWS_CONFIG_FILE").map { expand($0, home: home) }
            ?? home.map { "\($0)/.aws/config" }
        let credentialsPath = environment.setting("AWS_SHARED_CREDENTIALS_FILE").map { expand($0, home: home) }
            ?? home.map { "\($0)/.aws/credentials" }
        return SharedConfiguration(
            config: try read(configPath, kind: .config),
            credentials: try read(credentialsPath, kind: .credentials),
            configFilePath: configPath,
            credentialsFilePath: credentialsPath
        )
    }

    /// The profile the environment selects: `AWS_PROFILE`, then `AWS_DEFAULT_PROFILE`, then `default`.
    public static func selectedProfileName(environment: [String: String]) -> String {
        environment.setting("AWS_PROFILE") ?? environment.setting("AWS_DEFAULT_PROFILE") ?? "default"
    }

    /// Whether either file has a profile called `name`.
    public func hasProfile(named name: String) -> Bool {
        config.profiles[name] != nil || credentials.profiles[name] != nil
    }

    /// The merged settings of profile `name`, or `nil` when neither file has it.
    public func profile(named name: String) -> Profile? {
        guard hasProfile(named: name) else { return nil }
        var settings = config.profiles[name] ?? [:]
        settings.merge(credentials.profiles[name] ?? [:]) { _, fromCredentials in fromCredentials }
        return Profile(name: name, settings: settings)
    }

    private static func expand(_ path: String, home: String?) -> String {
        guard path.hasPrefix("~/"), let home else { return path }
        return home + path.dropFirst()
    }

    private static func read(_ path: String?, kind: SharedConfigFile.Kind) throws -> SharedConfigFile {
        guard let path, FileManager.default.fileExists(atPath: path) else {
            return SharedConfigFile(parsing: "", kind: kind)
        }
        // Read through a file handle, not FileManager.contents(atPath:), which refuses what is
        // not a regular file: /dev/null (how people say "no config file", as the aws CLI
        // allows) and a FIFO or a mounted secret must read like any file.
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw AWSClientError.unreadableFile(path, reason: "cannot be read")
            }
            defer { try? handle.close() }
            data = try handle.readToEnd() ?? Data()
        } catch let error as AWSClientError {
            throw error
        } catch {
            throw AWSClientError.unreadableFile(path, reason: "cannot be read (\((error as NSError).localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSClientError.unreadableFile(path, reason: "is not UTF-8 text")
        }
        return SharedConfigFile(parsing: text, kind: kind)
    }
}
