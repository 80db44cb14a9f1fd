#!/usr/bin/env bash
# Install (first time) and start Regiomonitor Werk on the embedded default data.
# Usage: ./start.sh [extra streamlit options, e.g. --server.port 8502]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
.venv/bin/python -m loaders build --if-needed
# webapp.py: app.py behind the server's guards (ui/guards.py). Listens on
# 127.0.0.1 only (.streamlit/config.toml); see the README's Security section.
exec .venv/bin/streamlit run webapp.py "$@"
