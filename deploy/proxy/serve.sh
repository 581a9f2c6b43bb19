#!/usr/bin/env bash
# Serve a class from one machine: two `streamlit run app.py` processes on loopback behind
# HAProxy (deploy/proxy/haproxy.cfg), which pins each learner to one process by a cookie.
#
#   bash deploy/proxy/serve.sh            # then open http://<this machine>:8500
#
# Environment (all optional):
#   NN_PROXY_ADDRESS  address HAProxy listens on (default 0.0.0.0)
#   NN_PROXY_PORT     its port (default 8500)
#   NN_APP_PORT_A, NN_APP_PORT_B   the two processes' loopback ports (default 8601, 8602)
#   STREAMLIT_SERVER_COOKIE_SECRET one secret for both processes (default: a new random one),
#                     so that a cookie one process signs is good on the other
#   NN_PYTHON         the Python with Streamlit installed (default: python3 on PATH)
#   NN_HAPROXY        HAProxy binary (default: haproxy on PATH, else /usr/sbin/haproxy)
# Stop everything with Ctrl-C or SIGTERM. If one app process stops, the other keeps serving
# (HAProxy sends that process's learners to it); if HAProxy stops, the script stops.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
python="${NN_PYTHON:-python3}"
haproxy="${NN_HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

export NN_PROXY_ADDRESS="${NN_PROXY_ADDRESS:-0.0.0.0}"
export NN_PROXY_PORT="${NN_PROXY_PORT:-8500}"
export NN_APP_PORT_A="${NN_APP_PORT_A:-8601}"
export NN_APP_PORT_B="${NN_APP_PORT_B:-8602}"
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    STREAMLIT_SERVER_COOKIE_SECRET="$("$python" -c 'import secrets; print(secrets.token_hex(32))')"
fi
export STREAMLIT_SERVER_COOKIE_SECRET

pids=()
stop_all() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# NN_SERVER_NAME is the name HAProxy's cookie gives this process (haproxy.cfg's `cookie a`).
start_app() {  # name port
    echo "== app $1 on 127.0.0.1:$2"
    (cd "$repo" && NN_SERVER_NAME="$1" exec "$python" -m streamlit run app.py \
        --server.headless true --server.address 127.0.0.1 --server.port "$2") &
    pids+=("$!")
}
start_app a "$NN_APP_PORT_A"
start_app b "$NN_APP_PORT_B"

echo "== haproxy on $NN_PROXY_ADDRESS:$NN_PROXY_PORT"
"$haproxy" -db -f "$here/haproxy.cfg" &
haproxy_pid=$!
pids+=("$haproxy_pid")
wait "$haproxy_pid"
