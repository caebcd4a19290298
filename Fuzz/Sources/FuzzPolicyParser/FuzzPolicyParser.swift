import FuzzDriver
import Foundation
import PolicyFiles

// Fuzzes the policy loader with arbitrary bytes, through the same path a file takes (strict
// UTF-8 decoding, YAML, schema, schedule validation). Every problem must be one line and point
// inside the text.

private let reference = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28T20:26:40Z

/// The most line breaks libyaml can see in `contents`: it breaks lines at LF, CR LF and a lone CR,
/// and at NEL, LS and PS, so counting every CR, LF, NEL, LS and PS is an upper bound.
private func lineBreaks(in contents: Data) -> Int {
    String(decoding: contents, as: UTF8.self).unicodeScalars.reduce(0) { count, scalar in
        ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar) ? count + 1 : count
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let contents = Data(UnsafeBufferPointer(start: data, count: size))
    let problems = PolicyFileLoader.check(contents: contents, path: "fuzz.yaml", reference: reference)
    let lineCount = 1 + lineBreaks(in: contents)
    for problem in problems {
        precondition(!problem.description.contains(where: \.isNewline), "problem is not one line: \(problem.description.debugDescription)")
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
