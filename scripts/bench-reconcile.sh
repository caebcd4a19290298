#!/usr/bin/env bash
# Reconcile cost of `headroom run`, as BENCHMARKS.md reports it: builds the release binary,
# then for 1, 100 and 1,000 ECS services runs the daemon (1 s interval) against the fast fake
# AWS of scripts/fake_aws.py on 127.0.0.1 and measures AWS calls per tick by operation, CPU
# time per target per tick and peak resident memory (scripts/bench_reconcile.py).
#
#   scripts/bench-reconcile.sh                 # 1, 100, 1000 targets, 10 measured ticks each
#   TARGETS="1000 2000" TICKS=5 scripts/bench-reconcile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS="${TARGETS:-1 100 1000}"
TICKS="${TICKS:-10}"

swift build -c release --product headroom >&2
echo "nproc: $(nproc); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo 'model name: unknown')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo
echo "| targets | DescribeServices /tick (goal ≤ ⌈N/10⌉) | DescribeScalableTargets /tick | GetMetricData /tick (goal ≤ ⌈N/500⌉) | UpdateService /tick (changed targets: the hot ⌈N/10⌉) | no-op writes | CPU ms /tick | CPU µs /target/tick | mean reconcile wall s | peak RSS MB | RSS at end: anon + file MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $TARGETS; do
    python3 scripts/bench_reconcile.py --headroom .build/release/headroom --targets "$n" --ticks "$TICKS" --row 2>/dev/null
done
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
