import HeadroomTestSupport
@testable import AWSClient
import Foundation
import Testing

@Suite("Reading AWS errors out of responses")
struct AWSErrorParsingTests {
    private func parse(_ status: Int, _ body: String, headers: HTTPHeaders = [:], service: AWSService = .ecs, secrets: [String] = [])
        -> AWSError
    {
        AWSError(
            response: HTTPResponse(status: status, headers: headers, body: Data(body.utf8)),
            service: service, operation: "Op", redacting: secrets
        )
    }

    @Test func jsonTypeIsStrippedUpToTheHash() {
        let error = parse(
            400, #"{"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."}"#,
            headers: ["x-amzn-RequestId": "rid-1"]
        )
        #expect(error.code == "ClusterNotFoundException")
        #expect(error.message == "Cluster not found.")
        #expect(error.requestID == "rid-1")
        #expect(error.status == 400)
        #expect(error.description == "ECS Op failed with HTTP 400 ClusterNotFoundException: Cluster not found. (request ID rid-1)")
    }

    @Test func errorTypeHeaderIsUsedWhenTheBodyHasNoCode() {
        let error = parse(400, #"{"Message":"slow down"}"#, headers: ["x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/"])
        #expect(error.code == "ThrottlingException")
        #expect(error.message == "slow down")
        #expect(error.isThrottling)
    }

    @Test func xmlErrorsAreReadEvenFromJSONServices() {
        let xml = """
            <ErrorResponse><Errors><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>
            <Message>The request signature we calculated does not match the signature you provided.</Message>
            </Error></Errors><RequestId>xml-req</RequestId></ErrorResponse>
            """
        let error = parse(403, xml, service: .dynamoDB)
        #expect(error.code == "SignatureDoesNotMatch")
        #expect(error.message.hasPrefix("The request signature we calculated"))
        #expect(error.requestID == "xml-req")
        #expect(error.isClockSkewError)
        #expect(!error.isThrottling && !error.isTransient)
    }

    @Test func queryCompatibleServicesReportTheQueryCode() {
        let error = parse(
            400, #"{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"bad"}"#,
            headers: ["x-amzn-query-error": "InvalidParameterValue;Sender"], service: .cloudWatch
        )
        #expect(error.code == "InvalidParameterValue")
    }

    @Test func unparseableBodiesKeepTheStatusAndAShortMessage() {
        let error = parse(500, "<html><body>Internal Server Error</body>")
        #expect(error.code == "Unknown")
        #expect(error.isTransient)
        let long = parse(502, String(repeating: "x", count: 5000))
        #expect(long.message.count <= AWSError.maxMessageLength + 1)
    }

    @Test func secretsAreCutOutOfMessages() {
        let error = parse(
            403, #"{"__type":"X","message":"canonical request had token SECRETTOKEN123 and key SECRETKEY456"}"#,
            secrets: ["SECRETTOKEN123", "SECRETKEY456"]
        )
        #expect(!error.description.contains("SECRETTOKEN123"))
        #expect(!error.description.contains("SECRETKEY456"))
        #expect(error.message.contains("<redacted>"))
    }

    @Test(arguments: ["Throttling", "ThrottlingException", "ProvisionedThroughputExceededException", "RequestLimitExceeded", "SlowDown"])
    func throttlingCodesAreRecognised(code: String) {
        #expect(parse(400, #"{"__type":"\#(code)"}"#).isThrottling)
    }

    @Test func status429IsThrottlingWhateverTheCode() {
        #expect(parse(429, "").isThrottling)
    }
}
