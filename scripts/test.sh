#!/usr/bin/env bash
# Runs every test suite from one build. Installs what the integration tests need first:
# moto server (the local AWS peer) and the Prometheus server. Tests start and stop those
# servers themselves, on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh

swift build --build-tests
swift test --skip-build "$@"
