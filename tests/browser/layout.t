#!/usr/bin/env bash
# The demo site's layout in Debian's chromium: phone width without sideways
# scrolling, table of contents beside the text on a wide screen, and the
# print stylesheet (see layout-test.js).
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
here="$HUIBIAN_TOP/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "Bail out! $chromium is missing (apt-get install -y chromium)"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
		{ echo "Bail out! npm ci in tests/browser failed"; exit 1; }
fi
"$HUIBIAN" build -q --content "$HUIBIAN_TOP/content" --out "$TAP_TMP/site" --history=none ||
	{ echo "Bail out! the demo site does not build"; exit 1; }
cd "$here" && CHROMIUM="$chromium" exec node layout-test.js "$TAP_TMP/site"
