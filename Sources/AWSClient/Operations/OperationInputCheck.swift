/// Checks an operation's input before it is sent. AWS rejects these inputs with a
/// `ValidationException`, but moto accepts some of them (a desired count above the maximum,
/// a minimum above the maximum), so the client refuses them itself and tests see what AWS does.
struct OperationInputCheck: Sendable {
    let service: AWSService
    let operation: String

    init(_ service: AWSService, _ operation: String) {
        self.service = service
        self.operation = operation
    }

    /// The error for an input that may not be sent.
    func failure(_ detail: String) -> AWSClientError {
        AWSClientError.invalidInput(service: service.serviceID, operation: operation, detail: detail)
    }

    /// `value` is absent, 0 or more.
    func nonNegative(_ value: Int?, _ name: String) throws {
        if let value, value < 0 {
            throw failure("\(name) is \(value); it must be 0 or more")
        }
    }

    /// `value` has at least one character.
    func notEmpty(_ value: String, _ name: String) throws {
        if value.isEmpty {
            throw failure("\(name) is empty")
        }
    }

    /// `lower` ≤ `upper` when both are given.
    func ordered(_ lower: Int?, _ lowerName: String, _ upper: Int?, _ upperName: String) throws {
        if let lower, let upper, lower > upper {
            throw failure("\(lowerName) \(lower) is above \(upperName) \(upper)")
        }
    }
}

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

extension Array {
    /// The elements in consecutive slices of at most `size` (the last may be shorter).
    func batches(of size: Int) -> [[Element]] {
        precondition(size > 0, "batch size must be positive")
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
