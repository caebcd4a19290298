import Foundation
import Yams

/// Reads `headroom.yaml`, the daemon's configuration file. Errors are `FILE:LINE:COLUMN: message`,
/// like policy files.
///
/// ```yaml
/// Policies: [policies/]
/// Interval: 15s
/// Region: eu-central-1
/// MetricSources:
///   CloudWatch: true
///   Prometheus: {URL: http://prometheus:9090}
/// Lease: {Table: headroom-leases, Name: production, Duration: 30s}
/// Listen: 0.0.0.0:9464
/// Journal: /var/lib/headroom/journal.jsonl
/// State: /var/lib/headroom/state.json
/// ```
public enum DaemonConfigurationLoader {
    public static func load(contentsOf url: URL) throws(PolicyFileError) -> DaemonConfiguration {
        let path = url.relativePath
        switch FileContents.read(url, path: path).flatMap({ SourceText.decode($0, file: path) }) {
        case .failure(let problem): throw problem
        case .success(let text): return try load(yaml: text, path: path)
        }
    }

    public static func load(yaml: String, path: String) throws(PolicyFileError) -> DaemonConfiguration {
        let root: Node
        switch YAMLDocument.root(of: yaml, file: path) {
        case .failure(let problem): throw problem
        case .success(let node): root = node
        }
        var decoder = DaemonConfigurationDecoder(reader: NodeReader(file: path))
        let configuration = decoder.decode(root)
        if let first = decoder.reader.problemsInFileOrder.first { throw first }
        return configuration
    }
}

struct DaemonConfigurationDecoder {
    var reader: NodeReader

    static let keys = ["Policies", "Interval", "Region", "Profile", "MetricSources", "Lease", "Listen", "Journal", "State"]
    static let sourceKeys = ["CloudWatch", "Prometheus"]
    static let prometheusKeys = ["URL"]
    static let leaseKeys = ["Table", "Name", "Duration"]

    mutating func decode(_ root: Node) -> DaemonConfiguration {
        var configuration = DaemonConfiguration()
        guard let top = reader.mapping(root, path: "", name: "the configuration", keys: Self.keys) else { return configuration }
        if let items = reader.sequence("Policies", in: top, limit: 1000) {
            configuration.policies = items.compactMap { item in
                guard let text = item.scalar?.string, !text.isEmpty else {
                    reader.report(.wrongType, at: SourcePosition(item.mark), "Policies must list file or folder paths")
                    return nil
                }
                return text
            }
        }
        if let interval = reader.seconds("Interval", in: top, range: 1...3600) { configuration.intervalSeconds = interval }
        configuration.region = reader.text("Region", in: top)
        configuration.profile = reader.text("Profile", in: top)
        if let sources = reader.mapping("MetricSources", in: top, keys: Self.sourceKeys) {
            if let cloudWatch = reader.boolean("CloudWatch", in: sources) { configuration.cloudWatch = cloudWatch }
            if let prometheus = reader.mapping("Prometheus", in: sources, keys: Self.prometheusKeys),
                let entry = reader.require("URL", in: prometheus), let url = reader.text("URL", in: prometheus)
            {
                if let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil {
                    configuration.prometheusURL = url
                } else {
                    reader.report(.invalidValue, at: entry.valuePosition, "MetricSources.Prometheus.URL '\(url)' must be an http(s) URL")
                }
            }
        }
        if let lease = reader.mapping("Lease", in: top, keys: Self.leaseKeys) {
            if reader.require("Table", in: lease) != nil { configuration.leaseTable = reader.text("Table", in: lease) }
            if let name = reader.text("Name", in: lease) { configuration.leaseName = name }
            if let duration = reader.seconds("Duration", in: lease, range: 5...600) { configuration.leaseDurationSeconds = duration }
        }
        if let entry = top["Listen"], let listen = reader.text("Listen", in: top) {
            if DaemonConfiguration.parseListen(listen) != nil {
                configuration.listen = listen
            } else {
                reader.report(.invalidValue, at: entry.valuePosition, "Listen '\(listen)' must be HOST:PORT, e.g. 127.0.0.1:9464")
            }
        }
        configuration.journalPath = reader.text("Journal", in: top)
        configuration.statePath = reader.text("State", in: top)
        return configuration
    }
}

extension DaemonConfiguration {
    /// `HOST:PORT` split, or `nil` when it is not one.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else { return nil }
        return (host, port)
    }
}
