#!/usr/bin/env bash
# The container's command, as a plain script: serve the app on 0.0.0.0:8501 with the
# production settings of .streamlit/config.toml.
#
#   deploy/image/start.sh [extra streamlit flags, e.g. --server.port 9000]
#
# The app is the folder two levels above this script (the image: /app); the virtual
# environment is $NETAPP_VENV (default /opt/venv), as deploy/image/build.sh made them.
# No network is needed: data and weights are in the app folder, usage statistics off.
set -euo pipefail

app_dir=$(cd "$(dirname "$0")/../.." && pwd)
venv_dir=${NETAPP_VENV:-/opt/venv}

# Two malloc arenas: photos decoded in several threads at once otherwise leave hundreds of
# MB of freed memory in the process (bench/bench_hostile.py: six at once 270-350 MB, 162 MB
# with two arenas). BLAS's one thread is the app's own (ui/process_setup.py).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"

cd "$app_dir"
exec "$venv_dir/bin/python" -m streamlit run app.py \
    --server.address "${NETAPP_ADDRESS:-0.0.0.0}" --server.port "${NETAPP_PORT:-8501}" "$@"
