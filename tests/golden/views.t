#!/usr/bin/env bash
# Golden test of the views: build tests/fixtures/views on a fixed date and
# compare the <main> of every view page (departments/, measures/, timeline/)
# and the feeds and data files whole with tests/golden/views/ (diff -u);
# the warnings of the build are compared too.  Only <main> is compared so
# that changes of the layout (header, navigation) do not touch these files.
# After an intended change, run
#   UPDATE_GOLDEN=1 prove tests/golden/views.t
# and review the diff of tests/golden/views/ before committing it.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
expected="$HUIBIAN_TOP/tests/golden/views"
(cd "$HUIBIAN_TOP" && "$HUIBIAN" build -q --content tests/fixtures/views --out "$TAP_TMP/out" \
	--date 2024-06-30 --history=none) 2>"$TAP_TMP/warnings"
tap_ok $? "the views fixture builds"
# the view files: pages (their <main> only) and the data files
(cd "$TAP_TMP/out" && find departments measures timeline -name '*.html'
 echo feed.xml; echo sitemap.xml; find data -type f) | LC_ALL=C sort >"$TAP_TMP/files"
mkdir -p "$TAP_TMP/got"
while read -r f; do
	mkdir -p "$TAP_TMP/got/$(dirname "$f")"
	case "$f" in
	*.html) sed -n '/^<main /,/^<\/main>/p' "$TAP_TMP/out/$f" >"$TAP_TMP/got/$f" ;;
	*) cp "$TAP_TMP/out/$f" "$TAP_TMP/got/$f" ;;
	esac
done <"$TAP_TMP/files"
cp "$TAP_TMP/warnings" "$TAP_TMP/got/WARNINGS"
cp "$TAP_TMP/files" "$TAP_TMP/got/FILES"
if [ -n "${UPDATE_GOLDEN:-}" ]; then
	rm -rf "$expected"
	cp -r "$TAP_TMP/got" "$expected"
fi
diff -u "$expected/FILES" "$TAP_TMP/got/FILES" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "the same view files"
diff -u "$expected/WARNINGS" "$TAP_TMP/got/WARNINGS" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "the same warnings (one ambiguous department, one undeclared topic)"
while read -r f; do
	diff -u "$expected/$f" "$TAP_TMP/got/$f" >"$TAP_TMP/diff"
	tap_ok $? "$f" || sed 's/^/# /' "$TAP_TMP/diff"
done <"$expected/FILES"
tap_done
