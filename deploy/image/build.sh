#!/usr/bin/env bash
# Every build step of the container image, as a plain script (the Dockerfile runs
# exactly this; tests/test_image.py runs it into a temporary folder):
#
#   deploy/image/build.sh SOURCE APP_DIR VENV_DIR
#
# SOURCE   a checkout of this repository
# APP_DIR  where the app's files go (the image: /app); created
# VENV_DIR the virtual environment to create (the image: /opt/venv)
#
# Installs only requirements.lock (every package pinned), checks MNIST and the shipped
# weights against data/SHA256SUMS, and byte-compiles the app so that the server, run
# by a user who cannot write to APP_DIR, starts without writing anything there.
# PYTHON (default python3) is the interpreter the environment is made from.
set -euo pipefail

if [ "$#" -ne 3 ]; then
    echo "usage: $0 SOURCE APP_DIR VENV_DIR" >&2
    exit 2
fi
source_dir=$(cd "$1" && pwd)
app_dir=$2
venv_dir=$3
python=${PYTHON:-python3}

# What the image ships: the app, its settings, data and weights, the lock, these scripts.
# Not: tests/, bench/, docs/.
shipped=(app.py pages ui netcore data static .streamlit requirements.lock deploy/image)

echo "== staging the app from $source_dir into $app_dir"
mkdir -p "$app_dir"
for item in "${shipped[@]}"; do
    mkdir -p "$app_dir/$(dirname "$item")"
    cp -R "$source_dir/$item" "$app_dir/$item"
done
find "$app_dir" -name __pycache__ -prune -exec rm -rf {} +

echo "== checking data/ against data/SHA256SUMS"
(cd "$app_dir/data" && sha256sum --check --quiet SHA256SUMS)

echo "== virtual environment $venv_dir from $("$python" --version 2>&1)"
"$python" -m venv "$venv_dir"
"$venv_dir/bin/pip" install --no-input -r "$app_dir/requirements.lock"
"$venv_dir/bin/pip" check

echo "== byte-compiling the app"
"$venv_dir/bin/python" -m compileall -q "$app_dir/app.py" "$app_dir/pages" "$app_dir/ui" \
    "$app_dir/netcore"

echo "== smoke check: the shipped network loads"
(cd "$app_dir" && "$venv_dir/bin/python" -c \
    "import streamlit, netcore; print('network', netcore.load_default().sizes)")
