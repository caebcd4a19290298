import Foundation
import SigV4
import Testing

@Suite("Published SigV4 test vectors")
struct VectorTests {
    /// 22 `.req` cases in AWS's suite, 26 aws-c-auth cases × (header, presigned), 1 smithy-rs case.
    static let expectedCases: [VectorCase.Suite: Int] = [.aws2015: 22, .awsCAuth: 52, .smithyRS: 1]
    /// AWS 2015: creq, sts, authz, sreq; aws-c-auth: canonical request, string to sign, signature,
    /// signed request; smithy-rs: canonical request, string to sign, signed request.
    static let expectedComparisons = 22 * 4 + 52 * 4 + 3

    @Test("every case is discovered, including normalize-path, post-sts-token, unnormalized and smithy-rs")
    func discovery() throws {
        let cases = try VectorSuites.discoverAll()
        var counts: [VectorCase.Suite: Int] = [:]
        for vector in cases { counts[vector.suite, default: 0] += 1 }
        #expect(counts == Self.expectedCases)
        #expect(VectorSuites.all.count == cases.count)

        let names = Set(cases.map(\.name))
        for required in [
            "get-relative", "get-slash-pointless-dot", "post-sts-header-before", "get-relative-unnormalized",
            "get-space-unnormalized", "double-url-encode", "post-x-www-form-urlencoded-parameters",
        ] {
            #expect(names.contains(required), "case \(required) not discovered")
        }
        #expect(cases.contains { $0.suite == .awsCAuth && $0.mode == .presign(expires: 3600) })
    }

    @Test("vector", arguments: VectorSuites.all)
    func vector(_ vector: VectorCase) throws {
        #expect(try VectorChecker.check(vector) >= 3)
    }

    @Test("every case and every expected file is executed")
    func everyCaseExecuted() throws {
        var executedCases = 0
        var comparisons = 0
        for vector in try VectorSuites.discoverAll() {
            comparisons += try VectorChecker.check(vector)
            executedCases += 1
        }
        #expect(executedCases == Self.expectedCases.values.reduce(0, +))
        #expect(comparisons == Self.expectedComparisons)
    }
}
