import Foundation

/// Typed Amazon CloudWatch operations over an ``AWSServiceClient`` for ``AWSService/cloudWatch``
/// (JSON 1.0 with `x-amzn-query-mode: true`, `X-Amz-Target: GraniteServiceVersion20100801.<Op>`,
/// signing name `monitoring`; IAM authorises the calls as `cloudwatch:*` on AWS, which moto
/// spells `monitoring:*`).
public struct CloudWatchClient: Sendable {
    /// The most `MetricDataQueries` one `GetMetricData` call accepts.
    public static let maxQueriesPerCall = 500
    /// The most datapoints one `PutMetricData` call accepts; larger batches are split.
    public static let maxDatumsPerPut = 1000

    /// The client the operations go through.
    public let client: AWSServiceClient

    /// Wraps a client for CloudWatch.
    public init(client: AWSServiceClient) {
        self.client = client
    }

    /// One page of `GetMetricData` (`cloudwatch:GetMetricData`).
    /// - Throws: ``AWSClientError`` (`invalidRequest`) for more than ``maxQueriesPerCall`` queries,
    ///   an invalid or repeated query ID or an empty time range, before anything is sent; else
    ///   whatever ``AWSServiceClient/json(_:input:as:)`` throws.
    public func getMetricData(_ input: CloudWatch.GetMetricDataInput) async throws -> CloudWatch.GetMetricDataOutput {
        try validate(input)
        return try await client.json("GetMetricData", input: input, as: CloudWatch.GetMetricDataOutput.self)
    }

    /// Every page of `GetMetricData`, following `NextToken`, merged: each query's datapoints
    /// from all pages in the order they came, its worst status, and all messages.
    /// - Parameter maxPages: Calls at most this many pages; a longer chain is an error rather
    ///   than an endless loop.
    /// - Throws: As ``getMetricData(_:)``; ``AWSClientError`` (`malformedResponse`) when the
    ///   pages do not end within `maxPages` or a token repeats.
    public func getMetricDataAllPages(
        _ input: CloudWatch.GetMetricDataInput, maxPages: Int = 100
    ) async throws -> CloudWatch.GetMetricDataOutput {
        var merged = CloudWatch.GetMetricDataOutput(results: [])
        var positions: [String: Int] = [:]
        var request = input
        var seenTokens: Set<String> = []
        for _ in 0..<max(1, maxPages) {
            let page = try await getMetricData(request)
            merged.messages += page.messages
            for result in page.results {
                if let position = positions[result.id] {
                    merged.results[position].append(result)
                } else {
                    positions[result.id] = merged.results.count
                    merged.results.append(result)
                }
            }
            guard let token = page.nextToken else {
                for index in merged.results.indices where merged.results[index].statusCode == .partialData {
                    // The last page has come: whatever was partial is now all there is.
                    merged.results[index].statusCode = .complete
                }
                return merged
            }
            guard seenTokens.insert(token).inserted else {
                throw AWSClientError.malformedResponse(
                    service: client.service.serviceID, operation: "GetMetricData",
                    detail: "NextToken repeated after \(seenTokens.count) pages"
                )
            }
            request.nextToken = token
        }
        throw AWSClientError.malformedResponse(
            service: client.service.serviceID, operation: "GetMetricData",
            detail: "still a NextToken after \(maxPages) pages; narrow the time range or use fewer queries"
        )
    }

    /// Publishes datapoints under `namespace` (`cloudwatch:PutMetricData`), in calls of at
    /// most ``maxDatumsPerPut``. Used to seed tests and demos; the controller only reads.
    /// - Throws: ``AWSClientError`` (`invalidRequest`) for a non-finite value, else what
    ///   ``AWSServiceClient/json(_:input:)`` throws. Calls before a failing one have been made.
    public func putMetricData(namespace: String, data: [CloudWatch.MetricDatum]) async throws {
        if let bad = data.first(where: { !$0.value.isFinite }) {
            throw AWSClientError.invalidInput(
                service: client.service.serviceID, operation: "PutMetricData",
                detail: "\(bad.metricName) has the value \(bad.value); CloudWatch accepts finite numbers only"
            )
        }
        var start = 0
        while start < data.count {
            let end = min(start + Self.maxDatumsPerPut, data.count)
            let input = CloudWatch.PutMetricDataInput(namespace: namespace, metricData: Array(data[start..<end]))
            try await client.json("PutMetricData", input: input)
            start = end
        }
    }

    private func validate(_ input: CloudWatch.GetMetricDataInput) throws {
        func invalid(_ detail: String) -> AWSClientError {
            AWSClientError.invalidInput(service: client.service.serviceID, operation: "GetMetricData", detail: detail)
        }
        guard !input.queries.isEmpty else { throw invalid("no MetricDataQueries") }
        guard input.queries.count <= Self.maxQueriesPerCall else {
            throw invalid("\(input.queries.count) MetricDataQueries; at most \(Self.maxQueriesPerCall) per call")
        }
        guard input.startTime < input.endTime else {
            throw invalid("StartTime \(input.startTime) is not before EndTime \(input.endTime)")
        }
        var ids: Set<String> = []
        for query in input.queries {
            guard CloudWatch.isValidQueryID(query.id) else {
                throw invalid("query ID '\(query.id)' does not match ^[a-z][a-zA-Z0-9_]*$")
            }
            guard ids.insert(query.id).inserted else { throw invalid("query ID '\(query.id)' is used twice") }
        }
    }
}

extension CloudWatch.MetricDataResult {
    /// Adds the datapoints of a later page; a failure status wins over a partial or complete one.
    mutating func append(_ page: CloudWatch.MetricDataResult) {
        timestamps += page.timestamps
        values += page.values
        messages += page.messages
        if label == nil { label = page.label }
        if let status = page.statusCode, statusCode?.isFailure != true {
            statusCode = status
        }
    }
}
