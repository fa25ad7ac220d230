#!/usr/bin/env bash
# A publisher's own repository holding only content/ builds with the
# templates and static files that ship with the tool (found next to the
# binary, not in the current folder), and the site's own templates/ and
# static/ override them file by file.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
repo="$TAP_TMP/repo"
mkdir -p "$repo" "$TAP_TMP/elsewhere"
cp -r "$HUIBIAN_TOP/tests/fixtures/mini" "$repo/content"

(cd "$TAP_TMP/elsewhere" && "$HUIBIAN" build -q --content "$repo/content" --out "$repo/public")
tap_ok $? "builds with only content/, from another folder"
[ -f "$repo/public/index.html" ] && [ -f "$repo/public/static/style.css" ]
tap_ok $? "default templates and static files are used"
cmp -s "$repo/public/static/style.css" "$HUIBIAN_TOP/static/style.css"
tap_ok $? "the shipped stylesheet is copied"

mkdir -p "$repo/templates" "$repo/static"
sed 's|</footer>|<p class="own-footer">本站由某区营商办维护</p></footer>|' \
	"$HUIBIAN_TOP/templates/layout.mustache" >"$repo/templates/layout.mustache"
echo "body{}" >"$repo/static/extra.css"
(cd "$repo" && "$HUIBIAN" build -q)
tap_ok $? "builds from the repository with the default folders"
grep -q 'own-footer' "$repo/public/index.html"
tap_ok $? "the site's own layout template overrides the default"
grep -q 'class="doc-title"\|<h1' "$repo/public/demo/banfa/index.html"
tap_ok $? "templates it does not override still come from the defaults"
[ -f "$repo/public/static/extra.css" ] && cmp -s "$repo/public/static/style.css" "$HUIBIAN_TOP/static/style.css"
tap_ok $? "static files are merged file by file"

printf '{{#unclosed}}\n' >"$repo/templates/home.mustache"
(cd "$repo" && "$HUIBIAN" build -q) 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "templates/home.mustache:1:[0-9]*: error: " "$TAP_TMP/err"
tap_ok $? "a broken template is reported as path:line:col and nothing is published" ||
	sed 's/^/# /' "$TAP_TMP/err"
grep -q 'own-footer' "$repo/public/index.html"
tap_ok $? "the previous site is still there"
tap_done
