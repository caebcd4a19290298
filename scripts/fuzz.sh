#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ and runs each for a bounded time (RELIABILITY.md,
# "Fuzzing"). Not part of CI: a million runs take 17 minutes (traces) to over an hour (policies)
# per target on the shared 2-core machine.
#
#   scripts/fuzz.sh                      # 1,000,000 runs of every target
#   scripts/fuzz.sh 300s                 # 300 seconds of every target
#   scripts/fuzz.sh 50000 FuzzCron       # 50,000 runs of one target
#
# Seeds come from Fuzz/Corpus/<target>/ (committed, read only here); the inputs libFuzzer finds
# interesting grow in Fuzz/.build/corpus/<target>/, so a later run starts where the last stopped.
# A crash, hang (over 10 s per input), leak or out-of-memory is written to
# Fuzz/.build/artifacts/<target>/ and named in the summary; the script then exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."

budget="${1:-1000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzCron FuzzPolicyParser FuzzTraceReader FuzzSigV4Canonicalizer)

case "$budget" in
    *s) limit=(-max_total_time="${budget%s}") ;;
    *[!0-9]*|"") echo "usage: scripts/fuzz.sh [RUNS|SECONDSs] [TARGET...]" >&2; exit 2 ;;
    *) limit=(-runs="$budget") ;;
esac

# The longest input worth trying per target: a cron expression is short; a policy, a trace
# excerpt or a request with a body is a few kilobytes.
max_len() {
    case "$1" in
        FuzzCron) echo 128 ;;
        FuzzPolicyParser) echo 4096 ;;
        *) echo 2048 ;;
    esac
}

# Release mode: libFuzzer needs executions per second more than it needs debug checks, and the
# ASan and coverage instrumentation come from -sanitize=fuzzer,address in either mode.
# -parse-as-library because libFuzzer, not top-level code, drives each target.
swift build --package-path Fuzz --scratch-path Fuzz/.build -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library

bin="$(swift build --package-path Fuzz --scratch-path Fuzz/.build -c release --show-bin-path)"
# A Swift trap (a broken precondition in a fuzz target) should reach libFuzzer as a plain signal;
# the Swift runtime's own backtracer would run first and trip AddressSanitizer itself.
export SWIFT_BACKTRACE=enable=no
status=0
summary=()
for target in "${targets[@]}"; do
    corpus="Fuzz/.build/corpus/$target"
    artifacts="Fuzz/.build/artifacts/$target"
    log="Fuzz/.build/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    echo "== $target: ${limit[*]} -max_len=$(max_len "$target")"
    before=$(find "$artifacts" -type f | wc -l)
    start=$(date +%s)
    result=0
    "$bin/$target" "${limit[@]}" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$corpus" "Fuzz/Corpus/$target" \
        >"$log" 2>&1 || result=$?
    seconds=$(( $(date +%s) - start ))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    found=$(( $(find "$artifacts" -type f | wc -l) - before ))
    if [ "$result" -ne 0 ] || [ "$found" -gt 0 ]; then
        status=1
        grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*precondition failed|artifact_prefix|Test unit written)' "$log" | head -20 || true
        line="$target: FINDING after ${runs:-?} runs (exit $result); see $log and $artifacts/"
    else
        line="$target: ${runs:-?} runs in ${seconds} s, ${rate:-?} exec/s, ${coverage:-cov: ?}, no findings"
    fi
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$status"
