import FuzzDriver
import Simulator

// Fuzzes `TraceReader.parse`, the in-memory twin of the streaming file reader, with arbitrary
// bytes. A trace it accepts must hold what SIMULATION.md promises the engine: at least two
// steps, a positive step, and finite non-negative values; an error must name a line.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTraceReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    do {
        let trace = try TraceReader.parse(bytes, file: "fuzz.csv")
        precondition(trace.count >= 2, "accepted a trace of \(trace.count) steps")
        precondition(trace.stepSeconds > 0, "accepted a step of \(trace.stepSeconds) s")
        precondition(trace.values.allSatisfy { $0.isFinite && $0 >= 0 }, "accepted a value that is negative or not finite")
        _ = trace.timestampText(ofStep: trace.count - 1)
    } catch {
        precondition(error.line.map { $0 >= 1 } ?? false, "error without a line: \(error)")
        precondition(!error.description.contains(where: \.isNewline), "error is not one line: \(error.description.debugDescription)")
    }
    return 0
}

/// The process's `main` (SwiftPM links `main` to `FuzzTraceReader_main`): hands over to libFuzzer.
@_cdecl("FuzzTraceReader_main")
public func fuzzTraceReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_run(argc, argv, fuzzTraceReader)
}
