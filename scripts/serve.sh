#!/usr/bin/env bash
# Shared deployment: N Streamlit replicas behind nginx (see scripts/serve.py).
# Usage: scripts/serve.sh [--replicas 2] [--port 8501] [--address 0.0.0.0] [--run-dir DIR] [--admin-port 8502]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/ensure_nginx.sh
.venv/bin/python -m loaders build --if-needed
exec .venv/bin/python -m scripts.serve "$@"   # a module: it reads the header name from backoffice.auth
