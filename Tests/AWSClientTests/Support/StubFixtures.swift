import HeadroomTestSupport
import AWSClient
import Foundation
import Logging
import SigV4

/// Shared pieces of the tests that talk to a ``LoopbackHTTPServer`` pretending to be AWS.
enum StubFixtures {
    /// Recognisable secrets: no log line or error description may ever contain them.
    static let secretKey = "stubSecretKeyMustNeverBeLogged0123456789"
    static let sessionToken = "stubSessionTokenMustNeverBeLogged/With+Specials=="
    static let credentials = AWSCredentials(accessKeyID: "ASIASTUBEXAMPLE", secretAccessKey: secretKey, sessionToken: sessionToken)

    static let region = Region("us-east-1")!

    /// A client for `service` at `server`, with recorded sleeps and the given clock and logger.
    static func client(
        _ service: AWSService,
        server: LoopbackHTTPServer,
        sleeper: SleepRecorder = SleepRecorder(),
        maxAttempts: Int = 3,
        random: Double = 0.5,
        quota: RetryQuota.Configuration = .init(),
        clock: WallClock = .system,
        logger: Logger = Logger(label: "test"),
        credentials: AWSCredentials? = StubFixtures.credentials,
        transport: URLSessionTransport = URLSessionTransport()
    ) -> AWSServiceClient {
        AWSServiceClient(
            service: service,
            region: region,
            endpoint: Endpoint(url: server.baseURL, source: "test"),
            credentialProvider: credentials.map { CredentialProvider(credentials: $0) },
            transport: transport,
            retryStrategy: sleeper.strategy(maxAttempts: maxAttempts, random: random, quota: quota),
            clock: clock,
            logger: logger
        )
    }

    /// Recomputes the signature of a received request from the headers it says it signed,
    /// with the credentials the client was given: equal only if what was sent is what was signed.
    static func signatureMatches(
        _ request: LoopbackHTTPServer.Request, credentials: AWSCredentials, service: String, region: String = "us-east-1"
    ) -> Bool {
        guard let authorization = request.header("Authorization"),
            let signedPart = authorization.components(separatedBy: "SignedHeaders=").last?.components(separatedBy: ",").first
        else { return false }
        let signedNames = Set(signedPart.split(separator: ";").map(String.init))
        let headers = request.headers
            .filter { signedNames.contains($0.name.lowercased()) }
            .map { HTTPHeaderField(name: $0.name, value: $0.value) }
        let signable = SignableRequest(method: request.method, path: request.path, query: "", headers: headers, body: [UInt8](request.body))
        let signer = SigV4Signer(credentials: credentials.signing, region: region, service: service)
        let resigned = signer.signed(signable, at: Date())
        return resigned.headerValues(named: "Authorization").first == authorization
    }

    /// An HTTP `Date` header value.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    /// An STS-style XML error body.
    static func queryError(_ code: String, _ message: String = "", requestID: String = "req-xml") -> String {
        """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
          <RequestId>\(requestID)</RequestId>
        </ErrorResponse>
        """
    }

    /// A JSON-protocol error body.
    static func jsonError(_ code: String, _ message: String = "") -> String {
        #"{"__type":"com.amazonaws.test#\#(code)","message":"\#(message)"}"#
    }

    static let callerIdentityXML = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:iam::123456789012:user/stub</Arn>
            <UserId>AIDASTUB</UserId>
            <Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata><RequestId>req-gci</RequestId></ResponseMetadata>
        </GetCallerIdentityResponse>
        """

    /// An `<Operation>Response` with role credentials, as STS AssumeRole* returns it.
    static func assumeRoleXML(
        operation: String = "AssumeRole",
        accessKeyID: String,
        secret: String,
        token: String,
        expiration: Date
    ) -> String {
        """
        <\(operation)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <\(operation)Result>
            <Credentials>
              <AccessKeyId>\(accessKeyID)</AccessKeyId>
              <SecretAccessKey>\(secret)</SecretAccessKey>
              <SessionToken>\(token)</SessionToken>
              <Expiration>\(expiration.formatted(.iso8601))</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/role/session</Arn>
              <AssumedRoleId>AROASTUB:session</AssumedRoleId>
            </AssumedRoleUser>
          </\(operation)Result>
          <ResponseMetadata><RequestId>req-assume</RequestId></ResponseMetadata>
        </\(operation)Response>
        """
    }
}
