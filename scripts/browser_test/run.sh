#!/usr/bin/env bash
# The browser test of `taizhang serve`: builds the release binary, installs playwright-core
# (npm, pinned in package-lock.json; no browser is downloaded) and drives Debian's headless
# Chromium over the page. Needs: apt-get install chromium fonts-noto-cjk
# Writes the screenshot to docs/serve-page.png (or $SCREENSHOT), shrunk with pngquant when it
# is installed (apt-get install pngquant: about 80 KB instead of 240 KB).
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
shot="${SCREENSHOT:-$root/docs/serve-page.png}"
CHROMIUM="$chromium" node "$here/review_page.mjs" "$TAIZHANG_BIN" \
  "$root/samples/draft_with_slips.txt" "$shot" "$root/samples/tongbao_gbk.txt"
if command -v pngquant >/dev/null; then
  pngquant --quality=65-90 --speed 1 --strip --force --output "$shot" "$shot" || echo "browser test: note: pngquant could not shrink $shot" >&2
fi
