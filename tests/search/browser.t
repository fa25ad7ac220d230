#!/usr/bin/env bash
# The search page in Debian's chromium (headless, playwright-core): the demo
# site over HTTP on 127.0.0.1 and from file://, the queries of queries.txt
# (expected document in the top 3), ?q= and filters in the URL, keyboard.
#
# The site is the real `huibian build` of content/ when that writes a search
# index; otherwise (until the build calls search_index_write) the index is
# written by tests/bench/search_driver.c from the same content/ files and the
# page from templates/search.mustache, and a TAP comment says so.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
here="$HUIBIAN_TOP/tests/search"
content="${SEARCH_CONTENT:-$HUIBIAN_TOP/content}"
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] || { echo "Bail out! $chromium is missing (apt-get install -y chromium)"; exit 1; }
command -v node >/dev/null || { echo "Bail out! node is missing"; exit 1; }
[ -d "$content" ] || { echo "1..0 # SKIP no content folder $content"; exit 0; }
if [ ! -d "$here/browser/node_modules/playwright-core" ]; then
	(cd "$here/browser" && npm ci --no-audit --no-fund >/dev/null 2>&1) ||
		{ echo "Bail out! npm ci in tests/search/browser failed"; exit 1; }
fi
tap_tmpdir
site="$TAP_TMP/public"
if [ -x "$HUIBIAN" ] && "$HUIBIAN" build --content "$content" --out "$site" >"$TAP_TMP/build.log" 2>&1 &&
	[ -f "$site/search/manifest.js" ] && [ -f "$site/search/index.html" ]; then
	echo "# site: huibian build --content $content"
	stub=
else
	echo "# site: search_driver over $content (huibian build wrote no search index)"
	rm -rf "$site"
	build_driver "$TAP_TMP/driver" || { echo "Bail out! cannot build the search driver"; exit 1; }
	node "$here/content-corpus.js" "$content" >"$TAP_TMP/corpus.txt"
	"$TAP_TMP/driver" "$TAP_TMP/corpus.txt" "$site" >/dev/null || { echo "Bail out! driver failed"; exit 1; }
	make_page "$site"
	stub=1
fi
cd "$here/browser" && STUB_PAGES=$stub CHROMIUM="$chromium" node browser-test.js "$site" "$here/queries.txt"
