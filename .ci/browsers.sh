#!/usr/bin/env bash
# Debian's Chromium for the Playwright browser tests (tests/adapters/web/test_browser.py), and an emoji
# font so that screenshots show the bot's emoji. Playwright's own browser download is never used.
# Nothing here may fail CI: without Chromium the browser tests are skipped with their reason shown.
set -uo pipefail
if [ ! -x /usr/bin/chromium ]; then
  { apt-get update -qq && apt-get install -y -qq chromium; } || echo "could not install chromium: browser tests will be skipped" >&2
fi
if ! fc-list 2>/dev/null | grep -qi "emoji"; then
  apt-get install -y -qq fonts-noto-color-emoji >/dev/null 2>&1 || echo "no emoji font: screenshots will show boxes" >&2
fi
exit 0
