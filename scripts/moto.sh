#!/usr/bin/env bash
# moto server as the AWS peer for tests and for humans.
#
#   scripts/moto.sh install            install moto[server] 5.2.1 with pip if moto_server is missing
#   scripts/moto.sh start [PORT]       start on 127.0.0.1 (default port 5000), signature checks on after
#                                      INITIAL_NO_AUTH_ACTION_COUNT actions (default: 3); prints the PID
#   scripts/moto.sh stop [PORT]        stop the server started on PORT and wait for it to exit
#   scripts/moto.sh status [PORT]      tell whether it answers
#
# The Swift tests start and stop their own servers (Tests/AWSClientTests/Support/MotoServer.swift);
# they only need `install` to have run. State lives in ${MOTO_STATE_DIR:-/tmp/headroom-moto}.
set -euo pipefail
. "$(dirname "$0")/lib/stop-by-pid.sh"

MOTO_VERSION="5.2.1"
STATE_DIR="${MOTO_STATE_DIR:-/tmp/headroom-moto}"
PORT="${2:-5000}"
PID_FILE="$STATE_DIR/moto-$PORT.pid"
LOG_FILE="$STATE_DIR/moto-$PORT.log"

installed_version() {
    python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || true
}

install() {
    if command -v moto_server >/dev/null 2>&1 && [ "$(installed_version)" = "$MOTO_VERSION" ]; then
        echo "moto $MOTO_VERSION already installed: $(command -v moto_server)"
        return 0
    fi
    python3 -m pip install --quiet "moto[server]==$MOTO_VERSION"
    command -v moto_server >/dev/null 2>&1 || { echo "moto_server is not on PATH after install" >&2; exit 1; }
    echo "installed moto $(installed_version): $(command -v moto_server)"
}

answers() {
    curl --silent --fail --max-time 2 "http://127.0.0.1:$PORT/moto-api/data.json" >/dev/null 2>&1
}

start() {
    command -v moto_server >/dev/null 2>&1 || install
    mkdir -p "$STATE_DIR"
    if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
        echo "already running on port $PORT with PID $(cat "$PID_FILE")"
        return 0
    fi
    # In its own session: a Ctrl-C meant for a program using it (scripts/demo-daemon.sh) must
    # not stop the server before that program has finished talking to it.
    INITIAL_NO_AUTH_ACTION_COUNT="${INITIAL_NO_AUTH_ACTION_COUNT:-3}" \
        setsid nohup moto_server -H 127.0.0.1 -p "$PORT" >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    for _ in $(seq 1 150); do
        if answers; then
            echo "moto listening on http://127.0.0.1:$PORT (PID $(cat "$PID_FILE"), log $LOG_FILE)"
            return 0
        fi
        if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
            echo "moto_server exited; log:" >&2
            tail -n 20 "$LOG_FILE" >&2
            rm -f "$PID_FILE"
            exit 1
        fi
        sleep 0.2
    done
    echo "moto_server did not answer within 30 s; stopping it" >&2
    stop
    exit 1
}

stop() {
    stop_by_pid moto "$PID_FILE" "$PORT"
}

status() {
    if answers; then echo "moto answers on port $PORT"; else echo "nothing answers on port $PORT"; exit 1; fi
}

case "${1:-}" in
    install) install ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
