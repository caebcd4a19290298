#!/usr/bin/env bash
# Reconcile cost of `headroom run`, as BENCHMARKS.md reports it: builds the release binary,
# then for 1, 100 and 1,000 ECS services runs the daemon (1 s interval) against the fast fake
# AWS of scripts/fake_aws.py on 127.0.0.1 and measures AWS calls per tick by operation, CPU
# time per target per tick and peak resident memory (scripts/bench_reconcile.py).
#
# Then, with PACED_TARGETS (default 10000), the API-budget run: the fake throttles like AWS
# (token buckets at AWS's published rates) and the daemon runs at its default 15 s interval with
# its client-side budget; it reports ThrottlingExceptions after warm-up, how many services a tick
# decides (and leaves undecided), the longest any service waits between two decisions (two reads
# of its metric), how many a tick describes and the longest wait between two describes, CPU per
# tick and private (anonymous) memory.
#
#   scripts/bench-reconcile.sh                 # 1, 100, 1000 targets, 10 measured ticks each
#   TARGETS="1000 2000" TICKS=5 scripts/bench-reconcile.sh
#   TARGETS= PACED_TARGETS=10000 PACED_TICKS=8 scripts/bench-reconcile.sh   # the API-budget run only
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS="${TARGETS-1 100 1000}"
TICKS="${TICKS:-10}"
PACED_TARGETS="${PACED_TARGETS-10000}"
PACED_TICKS="${PACED_TICKS:-8}"
SCRATCH="${SCRATCH:-.build-release}"

swift build -c release --product headroom --scratch-path "$SCRATCH" >&2
HEADROOM="$SCRATCH/release/headroom"
echo "nproc: $(nproc); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null || echo 'model name: unknown')"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "swift: $(swift --version 2>/dev/null | head -1)"
echo
if [ -n "$TARGETS" ]; then
echo "| targets | DescribeServices /tick (goal ≤ ⌈N/10⌉) | DescribeScalableTargets /tick | GetMetricData /tick (goal ≤ ⌈N/500⌉) | UpdateService /tick (changed targets: the hot ⌈N/10⌉) | no-op writes | CPU ms /tick | CPU µs /target/tick | mean reconcile wall s | peak RSS MB | RSS at end: anon + file MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $TARGETS; do
    python3 scripts/bench_reconcile.py --headroom "$HEADROOM" --targets "$n" --ticks "$TICKS" --row 2>/dev/null
done
fi
if [ -n "$PACED_TARGETS" ]; then
echo
echo "| targets | interval | measured ticks | ThrottlingExceptions after warm-up | services decided per tick | longest wait between decisions | services described per tick | longest wait between describes | DescribeServices /s | CPU ms /tick | CPU µs /decided target /tick | private (anon) MB | peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $PACED_TARGETS; do
    python3 scripts/bench_reconcile.py --headroom "$HEADROOM" --targets "$n" --ticks "$PACED_TICKS" --paced --hot 500 --row
done
fi
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
