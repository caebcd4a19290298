#!/usr/bin/env bash
# A local Prometheus for humans trying Headroom's Prometheus metric source or
# `headroom trace export --source prometheus`.
#
#   scripts/prometheus.sh start [PORT]    start on 127.0.0.1 (default port 9090); it scrapes itself and
#                                         every host:port in $PROMETHEUS_SCRAPE_TARGETS (comma-separated,
#                                         e.g. 127.0.0.1:8080 for `headroom run`'s /metrics) every 15 s
#   scripts/prometheus.sh stop [PORT]     stop the server started on PORT and wait for it to exit
#   scripts/prometheus.sh status [PORT]   tell whether it is ready
#   scripts/prometheus.sh backfill FILE [PORT]
#                                         import an OpenMetrics file (ending in `# EOF`) with promtool
#                                         into the data of PORT's server; restart it to see the data
#
# Data is kept for ${PROMETHEUS_RETENTION:-1y} (older backfilled samples are deleted on start).
#
# The Swift tests start and stop their own servers (Tests/MetricSourcesTests/Support/PrometheusServer.swift);
# they only need scripts/install-test-deps.sh to have run. State lives in ${PROMETHEUS_STATE_DIR:-/tmp/headroom-prometheus}.
set -euo pipefail
. "$(dirname "$0")/lib/stop-by-pid.sh"

STATE_DIR="${PROMETHEUS_STATE_DIR:-/tmp/headroom-prometheus}"
COMMAND="${1:-}"
if [ "$COMMAND" = "backfill" ]; then
    FILE="${2:-}"
    PORT="${3:-9090}"
else
    PORT="${2:-9090}"
fi
DIR="$STATE_DIR/$PORT"
PID_FILE="$DIR/prometheus.pid"
LOG_FILE="$DIR/prometheus.log"

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "$1 is not installed; run scripts/install-test-deps.sh" >&2; exit 1; }
}

ready() {
    curl --silent --fail --max-time 2 "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1
}

running() {
    [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

write_config() {
    local targets="'127.0.0.1:$PORT'"
    local extra
    IFS=',' read -ra extra <<<"${PROMETHEUS_SCRAPE_TARGETS:-}"
    for target in "${extra[@]}"; do
        [ -n "$target" ] && targets="$targets, '$target'"
    done
    cat >"$DIR/prometheus.yml" <<CONFIG
global:
  scrape_interval: 15s
scrape_configs:
  - job_name: local
    static_configs:
      - targets: [$targets]
CONFIG
}

start() {
    need prometheus
    mkdir -p "$DIR/data"
    if running; then
        echo "already running on port $PORT with PID $(cat "$PID_FILE")"
        return 0
    fi
    write_config
    nohup prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
        --storage.tsdb.retention.time="${PROMETHEUS_RETENTION:-1y}" --web.listen-address="127.0.0.1:$PORT" >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 150); do
        if ready; then
            echo "prometheus ready on http://127.0.0.1:$PORT (PID $(cat "$PID_FILE"), data $DIR/data, log $LOG_FILE)"
            return 0
        fi
        if ! running; then
            echo "prometheus exited; log:" >&2
            tail -n 20 "$LOG_FILE" >&2
            rm -f "$PID_FILE"
            exit 1
        fi
        sleep 0.2
    done
    echo "prometheus was not ready within 30 s; stopping it" >&2
    stop
    exit 1
}

stop() {
    stop_by_pid prometheus "$PID_FILE" "$PORT"
}

status() {
    if ready; then echo "prometheus is ready on port $PORT"; else echo "nothing ready on port $PORT"; exit 1; fi
}

backfill() {
    need promtool
    [ -n "$FILE" ] && [ -f "$FILE" ] || { echo "usage: scripts/prometheus.sh backfill FILE.om [PORT]" >&2; exit 2; }
    mkdir -p "$DIR/data"
    promtool tsdb create-blocks-from openmetrics "$FILE" "$DIR/data"
    if running; then echo "restart the server (stop, start) to query the new blocks"; fi
}

case "$COMMAND" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    backfill) backfill ;;
    *) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
