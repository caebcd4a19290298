import Foundation

/// A transport that makes every AWS call of a budgeted family wait for a token of its
/// ``APIBudget`` bucket before it is sent, and tells the budget how AWS answered: a
/// throttling answer slows the family down, a success lets it recover.
///
/// The bucket is chosen by the `account` this transport was made for and by the region and
/// service of the request's credential scope, so one budget serves clients of several
/// accounts and regions. Unsigned requests and unbudgeted services pass straight through.
public struct BudgetedTransport: HTTPTransport {
    /// The transport that sends.
    public let base: any HTTPTransport
    /// The budget calls are paced by.
    public let budget: APIBudget
    /// The account the calls are made in (`default` when not known).
    public let account: String

    public init(_ base: any HTTPTransport, budget: APIBudget, account: String) {
        self.base = base
        self.budget = budget
        self.account = account
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let key = key(for: request) else { return try await base.send(request) }
        try await budget.acquire(key)
        let response = try await base.send(request)
        if Self.isThrottle(response) {
            await budget.recordThrottle(key)
        } else {
            await budget.recordSuccess(key)
        }
        return response
    }

    /// The bucket of a request: its credential scope's region and service, and its operation.
    func key(for request: HTTPRequest) -> APIBudget.Key? {
        let call = CountingTransport.call(of: request)
        guard let family = APIBudget.Family.of(service: call.service, operation: call.operation),
            let region = Self.scopeRegion(of: request)
        else { return nil }
        return APIBudget.Key(account: account, region: region, family: family)
    }

    /// The region of `Credential=AKID/DATE/REGION/SERVICE/aws4_request`.
    static func scopeRegion(of request: HTTPRequest) -> String? {
        guard let authorization = request.headers["Authorization"],
            let credential = authorization.components(separatedBy: "Credential=").dropFirst().first
        else { return nil }
        let scope = credential.prefix { $0 != "," }.split(separator: "/")
        return scope.count >= 5 ? String(scope[scope.count - 3]) : nil
    }

    /// HTTP 429, or an error body whose code is one of ``AWSError/throttlingCodes``.
    static func isThrottle(_ response: HTTPResponse) -> Bool {
        if response.status == 429 { return true }
        guard response.status >= 400, response.status < 500 else { return false }
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        return AWSError.throttlingCodes.contains { code in
            text.contains("#\(code)\"") || text.contains("\"\(code)\"") || text.contains("<Code>\(code)</Code>")
        }
    }
}
