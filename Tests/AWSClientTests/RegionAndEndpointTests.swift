import HeadroomTestSupport
import AWSClient
import Foundation
import Testing

@Suite("Region and endpoint resolution")
struct RegionAndEndpointTests {
    @Test func regionComesFromAWSRegionThenDefaultRegionThenProfile() throws {
        let profile = Profile(name: "p", settings: ["region": "eu-west-3"])
        #expect(try Region.resolve(environment: [:], profile: profile)?.name == "eu-west-3")
        #expect(try Region.resolve(environment: ["AWS_DEFAULT_REGION": "us-west-1"], profile: profile)?.name == "us-west-1")
        #expect(
            try Region.resolve(environment: ["AWS_REGION": "ap-northeast-1", "AWS_DEFAULT_REGION": "us-west-1"], profile: profile)?
                .name == "ap-northeast-1"
        )
        #expect(try Region.resolve(environment: ["AWS_REGION": "  "], profile: nil) == nil)
    }

    @Test func aRegionThatCannotBeAHostLabelIsRejected() {
        #expect(Region("us-east-1/../evil") == nil)
        #expect(Region("") == nil)
        let error = #expect(throws: AWSClientError.self) {
            try Region.resolve(environment: ["AWS_REGION": "eu west"], profile: nil)
        }
        #expect(error?.code == .invalidRegion)
        #expect(error?.description.contains("AWS_REGION") == true)
    }

    @Test func serviceSpecificVariableNamesFollowTheServiceID() {
        #expect(AWSService.applicationAutoScaling.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING")
        #expect(AWSService.autoScaling.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_AUTO_SCALING")
        #expect(AWSService.ecs.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_ECS")
        #expect(AWSService.cloudWatch.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_CLOUDWATCH")
        #expect(AWSService.dynamoDB.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_DYNAMODB")
        #expect(AWSService.sts.endpointEnvironmentVariable == "AWS_ENDPOINT_URL_STS")
    }

    @Test func endpointPrecedenceIsServiceVariableGlobalVariableProfileDefault() throws {
        let region = try #require(Region("eu-west-1"))
        let profile = Profile(name: "p", settings: ["endpoint_url": "http://127.0.0.1:3"])
        var environment = [
            "AWS_ENDPOINT_URL_ECS": "http://127.0.0.1:1",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:2",
        ]
        #expect(try Endpoint.resolve(service: .ecs, region: region, environment: environment, profile: profile).url.absoluteString == "http://127.0.0.1:1")
        #expect(try Endpoint.resolve(service: .sts, region: region, environment: environment, profile: profile).url.absoluteString == "http://127.0.0.1:2")
        environment["AWS_ENDPOINT_URL"] = nil
        #expect(try Endpoint.resolve(service: .sts, region: region, environment: environment, profile: profile).url.absoluteString == "http://127.0.0.1:3")
        let fallback = try Endpoint.resolve(service: .cloudWatch, region: region, environment: environment, profile: nil)
        #expect(fallback.url.absoluteString == "https://monitoring.eu-west-1.amazonaws.com")
        #expect(fallback.source == "default")
    }

    @Test func ignoringConfiguredEndpointsRestoresTheDefault() throws {
        let region = try #require(Region("us-east-1"))
        let endpoint = try Endpoint.resolve(
            service: .dynamoDB, region: region,
            environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]
        )
        #expect(endpoint.url.absoluteString == "https://dynamodb.us-east-1.amazonaws.com")
    }

    @Test func chinaRegionsUseTheirPartitionSuffix() throws {
        let endpoint = try Endpoint.resolve(service: .autoScaling, region: #require(Region("cn-north-1")), environment: [:])
        #expect(endpoint.url.absoluteString == "https://autoscaling.cn-north-1.amazonaws.com.cn")
    }

    @Test func anOverrideThatIsNotAnHTTPURLIsRejected() throws {
        let region = try #require(Region("us-east-1"))
        let error = #expect(throws: AWSClientError.self) {
            try Endpoint.resolve(service: .ecs, region: region, environment: ["AWS_ENDPOINT_URL_ECS": "ftp://x"])
        }
        #expect(error?.code == .invalidEndpoint)
        #expect(error?.description.contains("AWS_ENDPOINT_URL_ECS") == true)
    }
}
