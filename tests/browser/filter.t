#!/usr/bin/env bash
# The filters of the demo site's views in Debian's chromium: the measures
# table by topic, department, level and status across pages, and the
# in-force date picker (see filter-test.js).
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
cd "$here" && CHROMIUM="$chromium" exec node filter-test.js "$TAP_TMP/site"
