# Sourced by scripts/moto.sh and scripts/prometheus.sh: stops a server they started, by the
# PID they wrote, never by name (another user's server on the machine is left alone).
#
#   stop_by_pid NAME PID_FILE PORT
#
# SIGTERM first, SIGKILL after 15 s if it has not exited; the PID file is removed either way.
stop_by_pid() {
    local name="$1" pid_file="$2" port="$3" pid
    if [ ! -f "$pid_file" ]; then
        echo "no $name started by this script on port $port"
        return 0
    fi
    pid="$(cat "$pid_file")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid"
            while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
        fi
    fi
    rm -f "$pid_file"
    echo "$name on port $port stopped"
}
