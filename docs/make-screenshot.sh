#!/usr/bin/env bash
# Makes docs/images/report.png, the README's picture, from a real run of the quick start, and records
# the report sources it was made from (ScreenshotIsCurrentTest fails when they change: run this again).
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
./vernier run benchmarks/suites/quickstart.yaml --out "$out" --no-progress >/dev/null
run=$(ls -d "$out"/*/ | head -n 1)
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$out/chromium" --hide-scrollbars \
  --window-size=1280,1400 --screenshot="$PWD/docs/images/report.png" "file://${run}index.html" >/dev/null 2>&1
(cd reports/src/main && sha256sum resources/dev/vernier/report/report.css resources/dev/vernier/report/report.js \
  java/dev/vernier/report/HtmlReportWriter.java) > docs/images/report.png.sources
echo "docs/images/report.png made from $run"
