#!/usr/bin/env bash
# Runs every test suite from one build. Installs what the integration tests need first:
# moto server (the local AWS peer) and the Prometheus server. Tests start and stop those
# servers themselves, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

swift build --build-tests
# One test at a time: on a 2-core machine Swift's cooperative pool has two threads, and the
# CPU-heavy simulator suites would otherwise starve the timers that the transport's deadline
# and retry tests measure. Serial takes about as long here (~1 minute) and never flakes.
swift test --skip-build --no-parallel "$@"
