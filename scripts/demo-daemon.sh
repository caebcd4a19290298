#!/usr/bin/env bash
# Watch Headroom scale a service on a local AWS: starts moto on 127.0.0.1 (signature checks
# on), seeds an ECS service prod/api with 2 tasks, keeps its CPU at ${LOAD:-90} %, and runs the
# daemon against it until Ctrl-C. Everything started here is stopped on exit.
#
#   PORT=5055 LISTEN=127.0.0.1:9464 LOAD=90 INTERVAL=15s scripts/demo-daemon.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5055}"
LOAD="${LOAD:-90}"
LISTEN="${LISTEN:-127.0.0.1:9464}"
INTERVAL="${INTERVAL:-15s}"
JOURNAL="${JOURNAL:-/tmp/headroom-demo-journal.jsonl}"

scripts/moto.sh install >/dev/null
INITIAL_NO_AUTH_ACTION_COUNT=3 scripts/moto.sh start "$PORT"
LOAD_PID=""
cleanup() {
    if [ -n "$LOAD_PID" ]; then kill "$LOAD_PID" 2>/dev/null || true; fi
    scripts/moto.sh stop "$PORT"
}
trap cleanup EXIT
# A server left running by an earlier demo still has its users and tables: start from empty,
# with three unauthenticated actions again for the seed's IAM user.
curl --silent --fail -X POST "http://127.0.0.1:$PORT/moto-api/reset" >/dev/null
curl --silent --fail -X POST -H 'Content-Type: text/plain' --data-binary 3 "http://127.0.0.1:$PORT/moto-api/reset-auth" >/dev/null

eval "$(python3 scripts/seed_moto.py --endpoint "http://127.0.0.1:$PORT")"
python3 scripts/seed_moto.py --endpoint "http://127.0.0.1:$PORT" --load "$LOAD" &
LOAD_PID=$!

swift build --product headroom
echo "ECS service prod/api at ${LOAD} % CPU against a 60 % target; watch desired go up:"
.build/debug/headroom capacity get ecs:prod/api
echo "metrics: curl http://$LISTEN/metrics    decisions: tail -f $JOURNAL"
.build/debug/headroom run --policies policies/ecs-cpu-target-tracking.yaml --interval "$INTERVAL" \
    --lease-table headroom-leases --journal "$JOURNAL" --listen "$LISTEN"
