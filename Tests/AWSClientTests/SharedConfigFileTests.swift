import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("Shared config and credentials files")
struct SharedConfigFileTests {
    @Test func configFileProfilesNeedTheProfilePrefixExceptDefault() {
        let file = SharedConfigFile(
            parsing: """
                [default]
                region = eu-west-1
                [profile ci]
                region=us-west-2
                role_arn = arn:aws:iam::123456789012:role/ci
                [bare]
                region = ap-south-1
                [sso-session corp]
                sso_region = us-east-1
                [services dev]
                ecs =
                  endpoint_url = http://localhost:4566
                """,
            kind: .config
        )
        #expect(Set(file.profiles.keys) == ["default", "ci"])
        #expect(file.profiles["default"]?["region"] == "eu-west-1")
        #expect(file.profiles["ci"]?["region"] == "us-west-2")
        #expect(file.profiles["ci"]?["role_arn"] == "arn:aws:iam::123456789012:role/ci")
    }

    @Test func credentialsFileSectionsAreProfileNames() {
        let file = SharedConfigFile(
            parsing: "[default]\naws_access_key_id = AKIADEFAULT\n[profile odd]\nx = 1\n",
            kind: .credentials
        )
        #expect(file.profiles["default"]?["aws_access_key_id"] == "AKIADEFAULT")
        #expect(file.profiles["profile odd"]?["x"] == "1")
    }

    @Test func commentsBlankLinesAndIndentedSubPropertiesAreSkipped() {
        let file = SharedConfigFile(
            parsing: """
                # full-line comment
                ; another
                [default]

                region = us-east-1 # inline comment
                output = json;not a comment
                s3 =
                    max_concurrent_requests = 20
                Key_With_Case = Value
                """,
            kind: .config
        )
        let profile = file.profiles["default"]
        #expect(profile?["region"] == "us-east-1")
        #expect(profile?["output"] == "json;not a comment")
        #expect(profile?["s3"] == "")
        #expect(profile?["max_concurrent_requests"] == nil)
        #expect(profile?["key_with_case"] == "Value")
    }

    @Test func repeatedSectionsMergeAndLaterKeysWin() {
        let file = SharedConfigFile(
            parsing: "[profile a]\nregion = one\nx = 1\n[profile a]\nregion = two\n",
            kind: .config
        )
        #expect(file.profiles["a"] == ["region": "two", "x": "1"])
    }

    @Test func credentialsFileWinsOverConfigFileForAProfile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let config = try directory.write("config", "[profile dev]\nregion = eu-central-1\naws_access_key_id = AKIACONFIG\n")
        let credentials = try directory.write("credentials", "[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n")
        let shared = try SharedConfiguration.load(
            environment: ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials]
        )
        let profile = try #require(shared.profile(named: "dev"))
        #expect(profile["region"] == "eu-central-1")
        #expect(profile["aws_access_key_id"] == "AKIACREDS")
        #expect(shared.profile(named: "missing") == nil)
    }

    @Test func defaultFilesLiveUnderHomeAndMissingFilesAreEmpty() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(atPath: directory.path + "/.aws", withIntermediateDirectories: true)
        try directory.write(".aws/config", "[default]\nregion = sa-east-1\n")
        let shared = try SharedConfiguration.load(environment: ["HOME": directory.path])
        #expect(shared.profile(named: "default")?["region"] == "sa-east-1")
        #expect(shared.credentialsFilePath == directory.path + "/.aws/credentials")

        let nothing = try SharedConfiguration.load(environment: [:])
        #expect(nothing.configFilePath == nil)
        #expect(!nothing.hasProfile(named: "default"))
    }

    /// `AWS_CONFIG_FILE=/dev/null` is how people say "no config file"; the aws CLI reads it
    /// as empty, and so must we. A directory is still refused, naming the path.
    @Test func aReadableNonRegularFileReadsAsEmpty() throws {
        let shared = try SharedConfiguration.load(environment: ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"])
        #expect(shared.configFilePath == "/dev/null")
        #expect(!shared.hasProfile(named: "default"))
        let aws = try AWSConfiguration(environment: [
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_REGION": "eu-west-1",
        ])
        #expect(aws.region?.name == "eu-west-1")

        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect {
            _ = try SharedConfiguration.load(environment: ["AWS_CONFIG_FILE": directory.path])
        } throws: { error in
            "\(error)".contains(directory.path) && "\(error)".contains("cannot be read")
        }
    }

    @Test func profileSelectionFollowsTheEnvironment() {
        #expect(SharedConfiguration.selectedProfileName(environment: [:]) == "default")
        #expect(SharedConfiguration.selectedProfileName(environment: ["AWS_DEFAULT_PROFILE": "old"]) == "old")
        #expect(SharedConfiguration.selectedProfileName(environment: ["AWS_PROFILE": "new", "AWS_DEFAULT_PROFILE": "old"]) == "new")
    }

    @Test func profileDescriptionShowsKeysNotValues() {
        let profile = Profile(name: "p", settings: ["aws_secret_access_key": "TOPSECRETVALUE", "region": "x"])
        #expect(!"\(profile)".contains("TOPSECRETVALUE"))
        #expect(!String(reflecting: profile).contains("TOPSECRETVALUE"))
        var dumped = ""
        dump(profile, to: &dumped)
        #expect(!dumped.contains("TOPSECRETVALUE"))
        #expect("\(profile)".contains("aws_secret_access_key"))
    }
}
