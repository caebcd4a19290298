#!/usr/bin/env bash
# The replicas soak, outside CI: two `headroom run` replicas with a DynamoDB lease against moto
# (signature checks on) behind a fault proxy (throttling, 5xx, DynamoDB and CloudWatch outages),
# one replica SIGKILLed and restarted every minute, invariants checked every second
# (scripts/soak.py says which). Exits non-zero on any violation; RELIABILITY.md has the results.
#
#   scripts/soak.sh 10                      # ten minutes
#   scripts/soak.sh 30 --throttle 0.2       # further options go to scripts/soak.py
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:?usage: scripts/soak.sh MINUTES [soak.py options]}"
shift
SCRATCH="${SCRATCH:-.build-release}"
command -v moto_server >/dev/null 2>&1 || scripts/moto.sh install
swift build -c release --product headroom --scratch-path "$SCRATCH" >&2
exec python3 scripts/soak.py --minutes "$MINUTES" --headroom "$SCRATCH/release/headroom" "$@"
