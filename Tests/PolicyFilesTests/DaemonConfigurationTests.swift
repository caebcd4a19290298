import PolicyFiles
import Testing

@Suite("Daemon configuration file")
struct DaemonConfigurationTests {
    @Test func readsEverySetting() throws {
        let configuration = try DaemonConfigurationLoader.load(yaml: """
            Policies: [policies/, extra/gpu.yaml]
            Interval: 30s
            Region: eu-central-1
            Profile: ops
            MetricSources:
              CloudWatch: false
              Prometheus: {URL: "http://127.0.0.1:9090"}
            Lease: {Table: headroom-leases, Name: prod, Duration: 45s}
            Listen: 0.0.0.0:9500
            Journal: /var/lib/headroom/journal.jsonl
            State: /var/lib/headroom/state.json
            """, path: "headroom.yaml")
        var expected = DaemonConfiguration()
        expected.policies = ["policies/", "extra/gpu.yaml"]
        expected.intervalSeconds = 30
        expected.region = "eu-central-1"
        expected.profile = "ops"
        expected.cloudWatch = false
        expected.prometheusURL = "http://127.0.0.1:9090"
        expected.leaseTable = "headroom-leases"
        expected.leaseName = "prod"
        expected.leaseDurationSeconds = 45
        expected.listen = "0.0.0.0:9500"
        expected.journalPath = "/var/lib/headroom/journal.jsonl"
        expected.statePath = "/var/lib/headroom/state.json"
        #expect(configuration == expected)
    }

    @Test func emptyMappingGivesDefaults() throws {
        #expect(try DaemonConfigurationLoader.load(yaml: "{}", path: "h.yaml") == DaemonConfiguration())
    }

    @Test(arguments: [
        ("Listen: nowhere\n", "h.yaml:1:9: Listen 'nowhere' must be HOST:PORT"),
        ("Interval: 0\n", "h.yaml:1:11: Interval must be at least 1"),
        ("Polices: [a]\n", "h.yaml:1:1: unknown key 'Polices'"),
        ("MetricSources:\n  Prometheus: {URL: ftp://x}\n", "h.yaml:2:21: MetricSources.Prometheus.URL 'ftp://x' must be an http(s) URL"),
        ("Lease: {Name: x}\n", "h.yaml:1:8: Lease is missing the required key 'Table'"),
    ])
    func problemsNameTheirPlace(yaml: String, message: String) {
        #expect(throws: PolicyFileError.self) { try DaemonConfigurationLoader.load(yaml: yaml, path: "h.yaml") }
        do {
            _ = try DaemonConfigurationLoader.load(yaml: yaml, path: "h.yaml")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }
}
