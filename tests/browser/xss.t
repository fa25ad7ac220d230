#!/usr/bin/env bash
# The hostile fixture (script injections in every field, measure attribute,
# link, image, raw HTML, table and heading) built, then every page opened in
# Debian's chromium: no script of the content may run and no javascript:
# link may exist; search snippets are checked with the payloads as queries.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
here="$HUIBIAN_TOP/tests/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "Bail out! $chromium is missing (apt-get install -y chromium)"; exit 1; }
if [ ! -d "$here/node_modules/playwright-core" ]; then
	(cd "$here" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
		{ echo "Bail out! npm ci in tests/browser failed"; exit 1; }
fi
"$HUIBIAN" build -q --content "$HUIBIAN_TOP/tests/fixtures/hostile" --out "$TAP_TMP/site" --history=none ||
	{ echo "Bail out! the hostile fixture does not build"; exit 1; }
cd "$here" && CHROMIUM="$chromium" exec node xss-test.js "$TAP_TMP/site"
