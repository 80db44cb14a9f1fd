#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (Playwright's own browser
# download does not work offline). Install it when missing and we can.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium installeren (Debian-pakket)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Let op: /usr/bin/chromium ontbreekt; de browsertests hebben het Debian-pakket 'chromium' nodig." >&2
fi
