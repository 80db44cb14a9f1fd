#!/usr/bin/env bash
# The replicated deployment (scripts/serve.sh) and its browser test run
# Debian's nginx as the current user with their own generated config.
# Install it when missing and we can.
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "nginx installeren (Debian-pakket)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  # The package starts its own service with a default site on port 80; ours
  # runs with its own config, so that one is switched off again.
  if command -v systemctl >/dev/null; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
else
  echo "Let op: nginx ontbreekt; scripts/serve.sh en zijn browsertest hebben het Debian-pakket 'nginx' nodig." >&2
fi
