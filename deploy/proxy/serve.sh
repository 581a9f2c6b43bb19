#!/usr/bin/env bash
# Serve a class from one machine: two `streamlit run app.py` processes on loopback behind
# HAProxy (deploy/proxy/haproxy.cfg), which pins each learner to one process by a cookie.
#
#   bash deploy/proxy/serve.sh            # then open http://<this machine>:8500
#
# Environment (all optional):
#   NETAPP_PROXY_ADDRESS, NETAPP_PROXY_PORT   where HAProxy listens (default 0.0.0.0:8500)
#   NETAPP_APP_PORT_A, NETAPP_APP_PORT_B      the two processes' loopback ports (8601, 8602)
#   STREAMLIT_SERVER_COOKIE_SECRET  one secret for both processes (default: a new random
#                                   one), so that a cookie one process signs is good on the other
#   NETAPP_PYTHON    the Python with Streamlit installed (default: python3 on PATH)
#   NETAPP_HAPROXY   HAProxy binary (default: haproxy on PATH, else /usr/sbin/haproxy)
# Stop everything with Ctrl-C or SIGTERM. If one app process stops, the other keeps serving
# (HAProxy sends that process's learners to it); if HAProxy stops, the script stops.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${NETAPP_PYTHON:-python3}"
haproxy="${NETAPP_HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

export NETAPP_PROXY_ADDRESS="${NETAPP_PROXY_ADDRESS:-0.0.0.0}"
export NETAPP_PROXY_PORT="${NETAPP_PROXY_PORT:-8500}"
export NETAPP_APP_PORT_A="${NETAPP_APP_PORT_A:-8601}"
export NETAPP_APP_PORT_B="${NETAPP_APP_PORT_B:-8602}"
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$python" -c 'import secrets; print(secrets.token_hex(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET
# As deploy/image/start.sh: two malloc arenas (photos decoded in several threads at once).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

pids=()
stop_all() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# NETAPP_SERVER_NAME is the name HAProxy's cookie gives this process (haproxy.cfg's `cookie a`).
start_app() {  # name port
    echo "== app $1 on 127.0.0.1:$2"
    (cd "$repo" && NETAPP_SERVER_NAME="$1" exec "$python" -m streamlit run app.py \
        --server.headless true --server.address 127.0.0.1 --server.port "$2") &
    pids+=("$!")
}
start_app a "$NETAPP_APP_PORT_A"
start_app b "$NETAPP_APP_PORT_B"

echo "== haproxy on $NETAPP_PROXY_ADDRESS:$NETAPP_PROXY_PORT"
"$haproxy" -db -f "$here/haproxy.cfg" &
haproxy_pid=$!
pids+=("$haproxy_pid")
wait "$haproxy_pid"
