#!/bin/sh
# Simulator throughput, as BENCHMARKS-simulator.md reports it: builds release, prints the
# machine, then runs `headroom bench simulate` (synthetic year of one-minute steps).
# Extra arguments go to the bench, e.g. scripts/bench-simulator.sh --repeat 5
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product headroom
echo "nproc: $(nproc); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo 'model name: unknown')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
exec .build/release/headroom bench simulate "$@"
