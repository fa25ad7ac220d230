#!/usr/bin/env bash
# End-to-end on the demo site: it checks clean, builds, every internal link
# and anchor resolves, pages are well-formed, two builds are byte-identical,
# unchanged files are not rewritten, and a broken document makes the build
# fail with path:line:col while the previous site stays exactly as it was.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
check() { python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" "$@"; }
content="$HUIBIAN_TOP/content"

"$HUIBIAN" check --content "$content" 2>"$TAP_TMP/check.err"
tap_ok $? "the demo content checks without errors"

"$HUIBIAN" build --content "$content" --out "$TAP_TMP/a" 2>"$TAP_TMP/build.err"
tap_ok $? "the demo site builds"
grep -q "built [0-9]* documents" "$TAP_TMP/build.err"
tap_ok $? "build prints a summary line"
ndocs=$(find "$content" -mindepth 2 -name '*.md' ! -name _index.md | wc -l)
npages=$(find "$TAP_TMP/a" -mindepth 3 -maxdepth 3 -name index.html -path "*/*/*/index.html" ! -path "*/departments/*" ! -path "*/measures/*" ! -path "*/timeline/*" | wc -l)
tap_ok $((npages == ndocs ? 0 : 1)) "one page per document ($npages pages, $ndocs documents)"
[ -f "$TAP_TMP/a/index.html" ] && [ -f "$TAP_TMP/a/static/style.css" ]
tap_ok $? "home page and static files are there"
check links "$TAP_TMP/a" >"$TAP_TMP/links.txt"
tap_ok $? "every internal link and #anchor resolves" || sed 's/^/# /' "$TAP_TMP/links.txt"
check html "$TAP_TMP/a" >"$TAP_TMP/html.txt"
tap_ok $? "every page is well-formed HTML with charset and CSP" || sed 's/^/# /' "$TAP_TMP/html.txt"
check safe "$TAP_TMP/a" >"$TAP_TMP/safe.txt"
tap_ok $? "no inline or foreign script" || sed 's/^/# /' "$TAP_TMP/safe.txt"
grep -q 'class="measure' "$TAP_TMP/a/henan-gazette-2024-17/yzb-2024-40/index.html"
tap_ok $? "measures are shown as highlighted blocks"
grep -q 'id="s-2"' "$TAP_TMP/a/henan-gazette-2024-17/yzb-2024-40/index.html"
tap_ok $? "headings carry anchors from their numbering (二、 → s-2)"
! grep -rlE 'href="/|src="/' "$TAP_TMP/a" --include=*.html >/dev/null
tap_ok $? "no absolute links"

"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/b"
diff -r "$TAP_TMP/a" "$TAP_TMP/b" >/dev/null
tap_ok $? "two builds of the same input are byte-identical"

ino_before=$(stat -c %i "$TAP_TMP/a/index.html")
"$HUIBIAN" build --content "$content" --out "$TAP_TMP/a" 2>"$TAP_TMP/rebuild.err"
grep -q "^huibian: $TAP_TMP/a is up to date" "$TAP_TMP/rebuild.err"
tap_ok $? "a rebuild with nothing changed is up to date (the cache beside the site)" ||
	sed 's/^/# /' "$TAP_TMP/rebuild.err"
[ -d "$TAP_TMP/.huibian-cache" ] && [ ! -e "$HUIBIAN_TOP/.huibian-cache/x" ]
tap_ok $? "the default cache folder is .huibian-cache beside the output folder"
"$HUIBIAN" build --no-cache --content "$content" --out "$TAP_TMP/a" 2>"$TAP_TMP/rebuild.err"
ino_after=$(stat -c %i "$TAP_TMP/a/index.html")
tap_ok $((ino_before == ino_after ? 0 : 1)) "a rebuild does not rewrite unchanged files"
grep -q " 0 files written" "$TAP_TMP/rebuild.err"
tap_ok $? "the summary says nothing was written" || sed 's/^/# /' "$TAP_TMP/rebuild.err"

cp -r "$content" "$TAP_TMP/content"
cp -r "$TAP_TMP/a" "$TAP_TMP/a.saved"
doc="$TAP_TMP/content/henan-gazette-2024-17/yzb-2024-42.md"
sed -i '2s/.*/title: [unclosed/' "$doc"
"$HUIBIAN" build --content "$TAP_TMP/content" --out "$TAP_TMP/a" 2>"$TAP_TMP/bad.err"
rc=$?
tap_ok $((rc == 1 ? 0 : 1)) "a broken document fails the build (exit $rc)"
grep -qE "^$TAP_TMP/content/henan-gazette-2024-17/yzb-2024-42.md:[0-9]+:[0-9]+: error: " "$TAP_TMP/bad.err"
tap_ok $? "the error names path:line:col" || sed 's/^/# /' "$TAP_TMP/bad.err"
diff -r "$TAP_TMP/a" "$TAP_TMP/a.saved" >/dev/null
tap_ok $? "the previous site is unchanged"
! ls -a "$TAP_TMP" | grep -q '\.tmp-'
tap_ok $? "no temporary folder is left behind"

mkdir "$TAP_TMP/precious" && echo keep >"$TAP_TMP/precious/notes.txt"
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/precious" 2>/dev/null
[ $? -eq 1 ] && [ "$(cat "$TAP_TMP/precious/notes.txt")" = keep ]
tap_ok $? "a non-empty folder that huibian did not make is never replaced"
"$HUIBIAN" build -q --content "$TAP_TMP/content" --out "$TAP_TMP/content/public" 2>/dev/null
[ $? -eq 1 ] && [ ! -e "$TAP_TMP/content/public" ]
tap_ok $? "--out inside the content folder is refused"
"$HUIBIAN" build -q --content "$TAP_TMP/content" --out "$TAP_TMP/content" 2>/dev/null
tap_ok $(($? == 1 ? 0 : 1)) "--out equal to the content folder is refused"
tap_done
