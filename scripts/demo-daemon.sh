#!/usr/bin/env bash
# Watch Headroom scale a service on a local AWS: starts moto on 127.0.0.1 (signature checks
# on), seeds an ECS service prod/api with 2 tasks, keeps its CPU at ${LOAD:-90} %, and runs the
# daemon against it until Ctrl-C. Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5055}"
LOAD="${LOAD:-90}"

scripts/moto.sh install >/dev/null
INITIAL_NO_AUTH_ACTION_COUNT=3 scripts/moto.sh start "$PORT"
LOAD_PID=""
cleanup() {
    [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null || true
    scripts/moto.sh stop "$PORT"
}
trap cleanup EXIT

eval "$(python3 scripts/seed_moto.py --endpoint "http://127.0.0.1:$PORT")"
python3 scripts/seed_moto.py --endpoint "http://127.0.0.1:$PORT" --load "$LOAD" &
LOAD_PID=$!

swift build --product headroom
echo "ECS service prod/api at ${LOAD} % CPU against a 60 % target; watch desired go up:"
.build/debug/headroom capacity get ecs:prod/api
.build/debug/headroom run --policies policies/ecs-cpu-target-tracking.yaml --interval 15s \
    --lease-table headroom-leases --journal /tmp/headroom-demo-journal.jsonl --listen 127.0.0.1:9464
