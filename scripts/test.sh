#!/usr/bin/env bash
# Runs every test suite from one build. Installs what the integration tests need first:
# moto server (the local AWS peer) and the Prometheus server. Tests start and stop those
# servers themselves, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

# The benchmark scripts' own tests (the goals they judge by, the traces they make): seconds.
python3 -m unittest discover --start-directory scripts/tests

swift build --build-tests
# One test at a time: on a 2-core machine Swift's cooperative pool has two threads, and the
# CPU-heavy simulator suites would otherwise starve the timers that the transport's deadline
# and retry tests measure. Serial takes about as long here (~1 minute).
# A run that hangs is stopped after 10 minutes (the suite takes about 1) and run once more,
# a safety net: URLSession on Linux sometimes never reports a cancelled transfer, which hung
# the transport's deadline tests until the transport stopped waiting for that report.
# `timeout` runs the tests in a process group of their own and signals the whole group, so the
# moto and Prometheus servers the tests started (their children, in that group) are stopped
# with them; nothing is killed by name.
status=0
timeout --kill-after=30 600 swift test --skip-build --no-parallel "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "test run timed out after 600 s; running it once more" >&2
    timeout --kill-after=30 600 swift test --skip-build --no-parallel "$@"
else
    exit "$status"
fi
