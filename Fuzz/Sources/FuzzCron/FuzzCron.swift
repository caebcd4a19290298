import FuzzDriver
import CapacityCore
import Foundation

// Fuzzes `ScheduleExpression.parse` with arbitrary text, then holds what parses to the
// contracts of ScheduleExpression's documentation: its normalised text parses to an equal
// expression, `nextFire` is strictly later, `previousFire` is not later, the two agree with
// each other, and `validateFires` answers instead of looping. A broken contract traps, which
// libFuzzer reports as a crash with the input that caused it.

/// Zones with the transitions that make wall-clock firing hard: none, a 1-hour DST shift, a
/// 30-minute one, and a southern-hemisphere one.
private let zones: [TimeZone] = ["UTC", "Europe/Berlin", "Australia/Lord_Howe", "America/Sao_Paulo"]
    .map { TimeZone(identifier: $0)! }

/// Instants near those transitions and near the ends of the cron year range (1970-2199).
private let references: [Date] = [
    1_774_745_400,  // 2026-03-29T00:50:00Z, Berlin's spring-forward morning
    1_792_890_000,  // 2026-10-25T01:00:00Z, Berlin's fall-back hour
    1_775_313_000,  // 2026-04-04T14:30:00Z, half an hour before Lord Howe's half-hour fall-back
    0,
    7_258_118_400,  // 2200-01-01T00:00:00Z, past the last cron year
].map { Date(timeIntervalSince1970: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCron(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let expression = try? ScheduleExpression.parse(text) else { return 0 }

    guard let again = try? ScheduleExpression.parse(expression.description), again == expression,
        again.kind == expression.kind
    else {
        fatalError("normalised text \(expression.description) of \(text.debugDescription) does not parse back to it")
    }

    // The input's size picks the zone and the reference, so the corpus covers every pairing.
    let zone = zones[size % zones.count]
    let reference = references[(size / zones.count) % references.count]
    let next = expression.nextFire(after: reference, in: zone)
    let previous = expression.previousFire(atOrBefore: reference, in: zone)
    if let next {
        precondition(next > reference, "\(expression) nextFire \(next) is not after \(reference) in \(zone.identifier)")
        precondition(
            expression.previousFire(atOrBefore: next, in: zone) == next,
            "\(expression) fires at \(next) but previousFire(atOrBefore:) that instant is not it")
    }
    if let previous {
        precondition(
            previous <= reference, "\(expression) previousFire \(previous) is after \(reference) in \(zone.identifier)")
        // Nothing fires in (previous, reference], so the fire after `previous` is the fire after `reference`.
        precondition(
            expression.nextFire(after: previous, in: zone) == next,
            "\(expression) in \(zone.identifier): nextFire(after: \(previous)) is not nextFire(after: \(reference))")
    }
    _ = try? expression.validateFires(from: reference, in: zone)
    return 0
}

/// The process's `main` (SwiftPM links `main` to `FuzzCron_main`): hands over to libFuzzer.
@_cdecl("FuzzCron_main")
public func fuzzCronMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    fuzz_driver_run(argc, argv, fuzzCron)
}
