#!/usr/bin/env bash
# The browser test of `taizhang serve`: builds the release binary, installs playwright-core
# (npm, pinned in package-lock.json; no browser is downloaded) and drives Debian's headless
# Chromium over the page. Needs: apt-get install chromium fonts-noto-cjk
# Writes the screenshot to docs/serve-page.png (or $SCREENSHOT).
# Exit code: 0 all checks passed, 1 a check failed, 2 something needed is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "browser test: no Chromium at $chromium (apt-get install chromium fonts-noto-cjk, or set CHROMIUM)" >&2
  exit 2
fi
if [ -z "${TAIZHANG_BIN:-}" ]; then
  (cd "$root" && cargo build --release --quiet)
  TAIZHANG_BIN="$root/target/release/taizhang"
fi
if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi
CHROMIUM="$chromium" node "$here/review_page.mjs" "$TAIZHANG_BIN" \
  "$root/samples/draft_with_slips.txt" "${SCREENSHOT:-$root/docs/serve-page.png}" "$root/samples/tongbao_gbk.txt"
