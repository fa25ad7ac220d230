#!/usr/bin/env bash
# The hostile fixture carries script-injection attempts in every
# front-matter field, measure attribute, link, image, raw HTML, table and
# heading.  It is valid content, so it builds; the output must contain no
# executable script, no event attributes and no javascript:/vbscript:/data:
# URLs, and the payloads must still be visible as text where they were text.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
site="$HUIBIAN_TOP/tests/fixtures/hostile"

"$HUIBIAN" build -q --content "$site" --out "$TAP_TMP/out" 2>"$TAP_TMP/err"
tap_ok $? "the hostile site builds" || sed 's/^/# /' "$TAP_TMP/err"
n=$(find "$TAP_TMP/out" -name '*.html' | wc -l)
tap_ok $((n >= 3 ? 0 : 1)) "it has pages ($n)"
python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" safe "$TAP_TMP/out" >"$TAP_TMP/safe.txt"
tap_ok $? "no script, event attribute or unsafe URL in any page" || sed 's/^/# /' "$TAP_TMP/safe.txt"
python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" html "$TAP_TMP/out" >"$TAP_TMP/html.txt"
tap_ok $? "every page is still well-formed (no attribute or element breakout)" ||
	sed 's/^/# /' "$TAP_TMP/html.txt"
! grep -rqi '<script[^>]*>[^<]' "$TAP_TMP/out" --include=*.html
tap_ok $? "no <script> element with content anywhere"
grep -rq '&lt;script&gt;' "$TAP_TMP/out" --include=*.html
tap_ok $? "script tags in text are shown escaped, as text"
! grep -rqiE '(href|src)="[[:space:]]*(javascript|vbscript):' "$TAP_TMP/out" --include=*.html
tap_ok $? "no javascript: or vbscript: link"
tap_done
