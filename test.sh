#!/usr/bin/env bash
# Install (first time) and run every test: loaders, store, pages (AppTest)
# and the real app in headless Chromium (tests/e2e).
# Usage: ./test.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
scripts/ensure_chromium.sh
scripts/ensure_nginx.sh
exec .venv/bin/python -m pytest "$@"
