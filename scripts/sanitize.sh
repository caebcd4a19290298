#!/usr/bin/env bash
# Runs every test suite under ThreadSanitizer or AddressSanitizer (RELIABILITY.md, "Sanitizers").
# Not part of CI: each sanitizer is a full build of its own (about 15 minutes on 2 cores) and the
# instrumented tests run several times slower than plain ones.
#
#   scripts/sanitize.sh thread     # data races (the daemon is concurrent)
#   scripts/sanitize.sh address    # memory errors and leaks
#   scripts/sanitize.sh thread --filter SigV4Tests   # further arguments go to `swift test`
#
# Each sanitizer builds into its own scratch path, .build-thread or .build-address, so the
# normal .build stays as it is. Any sanitizer report fails the run. ThreadSanitizer carries on
# after a report (so one run lists every race) and exits non-zero at the end; AddressSanitizer
# stops at its first report. The log is searched for reports as well.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizer="${1:-}"
case "$sanitizer" in
    thread|address) shift ;;
    *) echo "usage: scripts/sanitize.sh thread|address [swift test arguments...]" >&2; exit 2 ;;
esac
scratch=".build-$sanitizer"

scripts/install-test-deps.sh

suppressions="$PWD/scripts/sanitizers/$sanitizer.supp"
# Reports go to files, one per process, so that those of the `headroom` children the CLI suites
# start are counted too (their stderr is the tests' to read, not this log's).
reports_dir="$PWD/$scratch/sanitizer-reports"
rm -rf "$reports_dir" && mkdir -p "$reports_dir"
case "$sanitizer" in
    thread)
        options="second_deadlock_stack=1:history_size=4:log_path=$reports_dir/tsan"
        [ -f "$suppressions" ] && options="$options:suppressions=$suppressions"
        export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}$options"
        ;;
    address)
        options="detect_leaks=1:log_path=$reports_dir/asan"
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}$options"
        [ -f "$suppressions" ] && export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$suppressions"
        ;;
esac

start=$(date +%s)
swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch"
built=$(date +%s)
echo "build with -sanitize=$sanitizer took $(( built - start )) s"

log="$scratch/sanitize-test.log"
status=0
# Serial, as scripts/test.sh runs them, with a guard against a hung run like scripts/test.sh's;
# instrumented tests are slower, so it allows 30 minutes instead of 10.
# The CLI suites run the `headroom` binary of this same instrumented build (HeadroomExecutable).
timeout --kill-after=30 1800 swift test --skip-build --no-parallel --sanitize="$sanitizer" --scratch-path "$scratch" \
    "$@" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
echo "tests under -sanitize=$sanitizer took $(( $(date +%s) - built )) s"

pattern='^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: (AddressSanitizer|LeakSanitizer))'
reports=$(cat "$log" "$reports_dir"/* 2>/dev/null | grep -cE "$pattern" || true)
echo "sanitizer reports: $reports (per-process report files: $reports_dir)"
cat "$log" "$reports_dir"/* 2>/dev/null | grep -E '^SUMMARY: (ThreadSanitizer|AddressSanitizer|LeakSanitizer)' | sort | uniq -c || true
if [ "$reports" -gt 0 ] && [ "$status" -eq 0 ]; then status=1; fi
exit "$status"
