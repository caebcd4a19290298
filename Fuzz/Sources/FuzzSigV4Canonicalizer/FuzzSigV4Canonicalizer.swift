import FuzzDriver
import Foundation
import SigV4

// Fuzzes SigV4's canonicalisation with arbitrary requests in the test vectors' text form: parse,
// then sign (canonical request, string to sign, signature) with the default rules and S3's, and
// presign. A parsed request that is text (UTF-8) must render back to text that parses to the
// same request; other bytes cannot survive `render`, which returns a String.

private let signer = SigV4Signer(
    credentials: SigningCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "token"),
    region: "us-east-1", service: "service")
private let s3Signer = SigV4Signer(
    credentials: SigningCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "s3", options: .s3)
private let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z, the vectors' date

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSigV4Canonicalizer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard let request = try? RawHTTPRequest.parse(bytes) else { return 0 }

    if String(validating: bytes, as: UTF8.self) != nil {
        let rendered = RawHTTPRequest.render(request)
        guard let reparsed = try? RawHTTPRequest.parse(rendered), reparsed == request else {
            fatalError("\(request) renders as \(rendered.debugDescription), which does not parse back to it")
        }
    }

    let result = signer.sign(request, at: date)
    precondition(result.signature.utf8.count == 64, "signature \(result.signature) is not 64 hex digits")
    _ = s3Signer.sign(request, at: date)
    _ = try? signer.presign(request, at: date, expires: 1 + size % SigV4Signer.maximumPresignExpiration)
    return 0
}

/// The process's `main` (SwiftPM links `main` to `FuzzSigV4Canonicalizer_main`): hands over to libFuzzer.
@_cdecl("FuzzSigV4Canonicalizer_main")
public func fuzzSigV4CanonicalizerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_run(argc, argv, fuzzSigV4Canonicalizer)
}
