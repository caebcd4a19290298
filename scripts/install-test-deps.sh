#!/usr/bin/env bash
# Installs the test peers if they are missing: moto server 5.2.1 from PyPI and
# Debian's prometheus (for promtool and the server). Safe to run again.
set -euo pipefail

if ! python3 -c 'import moto, flask; assert moto.__version__ == "5.2.1"' 2>/dev/null; then
    echo "installing moto[server]==5.2.1" >&2
    python3 -m pip install --quiet 'moto[server]==5.2.1'
fi

if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
    echo "installing prometheus (Debian package)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    # The package starts a system service; the tests run their own servers.
    (systemctl stop prometheus 2>/dev/null || service prometheus stop 2>/dev/null || true) >/dev/null 2>&1
    pkill -x prometheus 2>/dev/null || true
fi
