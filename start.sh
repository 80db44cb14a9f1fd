#!/usr/bin/env bash
# Install (first time) and start Regiomonitor Werk on the embedded default data.
# Usage: ./start.sh [extra streamlit options, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
.venv/bin/python -m loaders build --if-needed
exec .venv/bin/streamlit run app.py "$@"
