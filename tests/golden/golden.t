#!/usr/bin/env bash
# Golden test: build tests/fixtures/mini on a fixed date and compare every
# page with the expected copy in tests/golden/mini/ (diff -u).  Static files
# are compared by list only.  After an intended change to the pages, run
#   UPDATE_GOLDEN=1 prove tests/golden/golden.t
# and review the diff of tests/golden/mini/ before committing it.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
expected="$HUIBIAN_TOP/tests/golden/mini"
"$HUIBIAN" build -q --content "$HUIBIAN_TOP/tests/fixtures/mini" --out "$TAP_TMP/out" --date 2024-06-30 --history=none
tap_ok $? "the mini site builds"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	rm -rf "$expected"
	(cd "$TAP_TMP/out" && find . -name '*.html' | while read -r f; do
		mkdir -p "$expected/$(dirname "$f")" && cp "$f" "$expected/$f"; done)
	(cd "$TAP_TMP/out" && find . -type f ! -name '*.html' | LC_ALL=C sort) >"$expected/FILES"
fi
(cd "$TAP_TMP/out" && find . -type f ! -name '*.html' | LC_ALL=C sort) >"$TAP_TMP/files"
diff -u "$expected/FILES" "$TAP_TMP/files" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "the same non-page files"
(cd "$expected" && find . -name '*.html' | LC_ALL=C sort) >"$TAP_TMP/want-pages"
(cd "$TAP_TMP/out" && find . -name '*.html' | LC_ALL=C sort) >"$TAP_TMP/got-pages"
diff -u "$TAP_TMP/want-pages" "$TAP_TMP/got-pages" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "the same pages"
while read -r page; do
	diff -u "$expected/$page" "$TAP_TMP/out/$page" >"$TAP_TMP/diff"
	tap_ok $? "page $page" || sed 's/^/# /' "$TAP_TMP/diff"
done <"$TAP_TMP/want-pages"
tap_done
