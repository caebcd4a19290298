import FuzzDriver
import Foundation
import PolicyFiles

// Fuzzes the policy loader with arbitrary bytes, through the same path a file takes (strict
// UTF-8 decoding, YAML, schema, schedule validation). Every problem must be one line and point
// inside the text.

private let reference = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28T20:26:40Z

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let contents = Data(UnsafeBufferPointer(start: data, count: size))
    let problems = PolicyFileLoader.check(contents: contents, path: "fuzz.yaml", reference: reference)
    let lineCount = contents.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    for problem in problems {
        precondition(!problem.description.contains("\n"), "problem is not one line: \(problem.description.debugDescription)")
        precondition(
            (1...lineCount + 1).contains(problem.line) && problem.column >= 1,
            "problem at \(problem.line):\(problem.column) is outside a text of \(lineCount) lines: \(problem)")
    }
    return 0
}

/// The process's `main` (SwiftPM links `main` to `FuzzPolicyParser_main`): hands over to libFuzzer.
@_cdecl("FuzzPolicyParser_main")
public func fuzzPolicyParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_run(argc, argv, fuzzPolicyParser)
}
