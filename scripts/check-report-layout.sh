#!/usr/bin/env bash
# Renders a `headroom simulate --report` page in headless Chromium (Debian's `chromium`) at
# 1,400 and 800 px wide and checks its layout: the page never scrolls sideways and the scores
# table stays inside its card (a table wider than the card scrolls inside its wrapper).
# Screenshots go to ${OUT:-/tmp/headroom-report-layout}/report-WIDTH.png to look at.
#
#   scripts/check-report-layout.sh [REPORT.html]   default: render the NASA × gpu-model-server report
#
# Chromium is big, so CI runs the cheaper structural test instead (SimulatorTests,
# CapacityWarningTests.scoresTableScrollsInsideItsCard); RELIABILITY.md keeps this script's last output.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y --no-install-recommends chromium" >&2; exit 1; }
OUT="${OUT:-/tmp/headroom-report-layout}"
mkdir -p "$OUT"
REPORT="${1:-}"
if [ -z "$REPORT" ]; then
    BIN="$(swift build --show-bin-path)/headroom"
    [ -x "$BIN" ] || swift build --product headroom
    REPORT="$OUT/report.html"
    "$BIN" simulate --trace simulations/traces/nasa_http_jul1995_1min.csv --scenario simulations/scenarios/gpu-model-server.yaml \
        --policy policies/gpu-model-server-warm-pool.yaml --policy policies/ecs-cpu-target-tracking.yaml --report "$REPORT" >/dev/null
fi

PROBE="$OUT/probe.html"
cat >"$OUT/probe.js" <<'SCRIPT'
(function () {
  var out = [], ok = true, width = window.innerWidth;
  var page = document.documentElement.scrollWidth;
  out.push("page scrollWidth " + page + " (window " + width + ")");
  if (page > width) { ok = false; out.push("FAIL: the page scrolls sideways"); }
  document.querySelectorAll("table.scores").forEach(function (table) {
    var card = table.closest("section");
    var style = getComputedStyle(card);
    var cardRight = card.getBoundingClientRect().right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
    var wrapper = table.parentElement.classList.contains("table-scroll") ? table.parentElement : null;
    var box = (wrapper || table).getBoundingClientRect();
    out.push("scores table box right " + Math.round(box.right) + ", card content right " + Math.round(cardRight)
      + (wrapper ? ", table " + table.scrollWidth + " px in a " + wrapper.clientWidth + " px scrolling wrapper" : ", no wrapper"));
    if (box.right > cardRight + 0.5) { ok = false; out.push("FAIL: the scores table overflows its card by " + Math.round(box.right - cardRight) + " px"); }
  });
  var pre = document.createElement("pre"); pre.id = "layout"; pre.textContent = (ok ? "LAYOUT OK" : "LAYOUT FAIL") + "\n" + out.join("\n");
  document.body.appendChild(pre);
})();
SCRIPT
# A copy of the page with that script, which measures it and writes the result into the DOM.
python3 - "$REPORT" "$OUT/probe.js" "$PROBE" <<'PY'
import sys
page, script, probe = sys.argv[1:4]
html = open(page, encoding="utf-8").read()
open(probe, "w", encoding="utf-8").write(html.replace("</body>", "<script>" + open(script).read() + "</script></body>"))
PY

status=0
for width in 1400 800; do
    flags=(--headless=new --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$OUT/profile" --window-size="$width,1000")
    result="$(chromium "${flags[@]}" --dump-dom "file://$PROBE" 2>/dev/null | sed -n '/<pre id="layout">/,/<\/pre>/p' | sed 's/<[^>]*>//g')"
    chromium "${flags[@]}" --screenshot="$OUT/report-$width.png" "file://$REPORT" >/dev/null 2>&1 || true
    echo "== $width px ($OUT/report-$width.png)"
    echo "$result"
    case "$result" in *"LAYOUT OK"*) ;; *) status=1 ;; esac
done
exit "$status"
