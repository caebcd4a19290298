/// Follows `NextToken` pages to the end, refusing a repeated token or an endless chain so a
/// misbehaving server cannot keep the caller looping.
enum PageFollower {
    static func collect<Item>(
        service: AWSService,
        operation: String,
        maxPages: Int = 1000,
        page: (_ token: String?) async throws -> (items: [Item], nextToken: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<maxPages {
            let result = try await page(token)
            items += result.items
            guard let next = result.nextToken, !next.isEmpty else { return items }
            guard seen.insert(next).inserted else {
                throw AWSClientError.malformedResponse(
                    service: service.serviceID, operation: operation,
                    detail: "NextToken '\(next)' repeated after \(seen.count) pages"
                )
            }
            token = next
        }
        throw AWSClientError.malformedResponse(
            service: service.serviceID, operation: operation, detail: "still a NextToken after \(maxPages) pages"
        )
    }
}
