#!/usr/bin/env bash
# Every input of a build invalidates the cache: after each change below the
# build runs (it does not say "up to date"), the published site equals a
# build of the same inputs without the cache (diff -r), the changed page
# shows the change, and the build after it is up to date again.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
page="$out/demo/banfa/index.html"

hb && hb && uptodate
tap_ok $? "built, then up to date"

# -- content
sed -i 's/制定本办法。/制定本办法（已修订）。/' "$content/demo/banfa.md"
rebuilt "a document edited (uncommitted)"
grep -q "已修订" "$page"
tap_ok $? "the document's page shows the edit"

cp -p "$content/demo/banfa.md" "$TAP_TMP/banfa.md"
sed -i 's/目的依据/目的根据/' "$content/demo/banfa.md"
touch -r "$TAP_TMP/banfa.md" "$content/demo/banfa.md"
cmp -s "$content/demo/banfa.md" "$TAP_TMP/banfa.md" ||
	[ "$(stat -c %s%Y "$content/demo/banfa.md")" = "$(stat -c %s%Y "$TAP_TMP/banfa.md")" ]
tap_ok $? "(an edit that keeps the size and the mtime)"
rebuilt "a document edited keeping its size and mtime"
grep -q "目的根据" "$page"
tap_ok $? "the page shows that edit"

cat >"$content/demo/xin.md" <<'DOC'
---
title: 示例新增通知
section: 配套文件
order: 5
---

新增通知的正文。
DOC
rebuilt "a new document"
grep -q "新增通知的正文" "$out/demo/xin/index.html" && grep -q "示例新增通知" "$out/demo/index.html"
tap_ok $? "its page exists and the compilation lists it"

rm "$content/demo/xin.md"
rebuilt "a document removed"
[ ! -e "$out/demo/xin" ] && ! grep -q "示例新增通知" "$out/demo/index.html"
tap_ok $? "its page is gone"

sed -i 's/^title: 示例惠企政策汇编$/title: 示例惠企政策汇编（修订版）/' "$content/site.yaml"
rebuilt "site.yaml edited"
grep -q "示例惠企政策汇编（修订版）" "$out/index.html"
tap_ok $? "the new site title is on the home page"

sed -i 's/供测试使用/供缓存测试使用/' "$content/demo/_index.md"
rebuilt "a compilation's _index.md edited"
grep -q "供缓存测试使用" "$out/demo/index.html"
tap_ok $? "the compilation page shows it"

# -- templates and static files (the site's own layers beside the content)
mkdir -p "$repo/templates"
sed 's|</footer>|<p>MARK-ONE</p></footer>|' "$HUIBIAN_TOP/templates/layout.mustache" \
	>"$repo/templates/layout.mustache"
rebuilt "a template added that overrides a default one"
grep -q "MARK-ONE" "$page"
tap_ok $? "pages use it"
sed -i 's/MARK-ONE/MARK-TWO/' "$repo/templates/layout.mustache"
rebuilt "that template edited"
grep -q "MARK-TWO" "$page" && ! grep -q "MARK-ONE" "$page"
tap_ok $? "pages use the edit"
rm "$repo/templates/layout.mustache"
rebuilt "that template removed"
! grep -q "MARK-TWO" "$page"
tap_ok $? "pages use the default template again"

mkdir -p "$repo/static"
echo "body { color: red }" >"$repo/static/extra.css"
rebuilt "a static file added"
grep -q "red" "$out/static/extra.css"
tap_ok $? "it is published"
echo "body { color: blue }" >"$repo/static/extra.css"
rebuilt "a static file edited"
grep -q "blue" "$out/static/extra.css"
tap_ok $? "the edit is published"
rm "$repo/static/extra.css"
rebuilt "a static file removed"
[ ! -e "$out/static/extra.css" ]
tap_ok $? "it is gone from the site"

# -- the tool
sed -i '1s/^huibian-cache \([0-9]*\) .*/huibian-cache \1 0.0.0-older/' "$(record)"
head -1 "$(record)" | grep -q "0.0.0-older"
tap_ok $? "(the record now says it was written by another version)"
rebuilt "a record from another tool version"

# -- options and environment
rebuilt "--date given" --date 2030-01-01
hb --date 2031-06-01 && ! uptodate
tap_ok $? "another --date: the build runs"
rebuilt "--date dropped"
rebuilt "--history none" --history none
rebuilt "--history all" --history all
rebuilt "--history first-parent" --history first-parent
export SOURCE_DATE_EPOCH=1900000000
rebuilt "SOURCE_DATE_EPOCH set"
unset SOURCE_DATE_EPOCH
rebuilt "SOURCE_DATE_EPOCH unset"

# -- git
commit "修订第一条" 2024-05-01T10:00:00+08:00
rebuilt "the edits committed"
[ "$(grep -c '<li class="history-item' "$out/demo/banfa/history.html")" -eq 2 ]
tap_ok $? "the document's history has the new version"
commit "空提交" 2024-06-01T10:00:00+08:00
rebuilt "an empty commit (HEAD moves: the build date changes)"
sed -i 's/制定本办法（已修订）。/制定本办法（再次修订）。/' "$content/demo/banfa.md"
rebuilt "an uncommitted change"
git -C "$repo" checkout -q -- site/demo/banfa.md
rebuilt "the uncommitted change reverted"
! grep -q "再次修订" "$page"
tap_ok $? "the page is back to the committed text"
echo "*.md text eol=crlf" >"$repo/.gitattributes"
rebuilt "a .gitattributes added at the top of the work tree"
rm "$repo/.gitattributes"
rebuilt "that .gitattributes removed"

# -- the published site
rm "$out/demo/fangan/index.html"
rebuilt "a published page deleted"
[ -f "$out/demo/fangan/index.html" ]
tap_ok $? "the page is back"
echo "<p>defaced</p>" >>"$page"
rebuilt "a published page modified"
! grep -q defaced "$page"
tap_ok $? "the page is restored"
cp -p "$page" "$TAP_TMP/page"
sed -i 's/<html/<HTML/' "$page"
touch -r "$TAP_TMP/page" "$page"
rebuilt "a published page modified keeping its size and mtime"
echo foreign >"$out/demo/foreign.txt"
rebuilt "a file added to the published site"
[ ! -e "$out/demo/foreign.txt" ]
tap_ok $? "the foreign file is gone (as with a build without the cache)"
rm -r "$out/departments"
rebuilt "a published folder removed"
# The published site is checked in parts (runs of top-level folders, on
# several threads): a change is found in each of them.
for top in $(cd "$out" && ls | LC_ALL=C sort); do
	f=$(find "$out/$top" -type f | LC_ALL=C sort | tail -1)
	echo "<!-- touched -->" >>"$f"
	hb && ! uptodate && ! grep -q "touched" "$f"
	tap_ok $? "a published file changed (${f#"$out"/}): found and rebuilt"
done
hb && uptodate
tap_ok $? "and up to date after them"

# -- a damaged cache
rec=$(record)
head -c 1000 "$rec" >"$TAP_TMP/r" && cp "$TAP_TMP/r" "$rec"
rebuilt "a truncated record"
rec=$(record)
size=$(stat -c %s "$rec")
printf 'Z' | dd of="$rec" bs=1 seek=$((size / 2)) conv=notrunc status=none
rebuilt "a record with one byte changed"
head -c 20000 /dev/urandom >"$(record)"
rebuilt "a record of random bytes"
: >"$(record)"
rebuilt "an empty record"
rec=$(record)
sed -i '2s/.*/out \/somewhere\/else/' "$rec"
rebuilt "a record of another output folder"
rec=$(record)
rm "$rec" && mkdir "$rec"
hb && ! uptodate && grep -q "cannot save the build cache" "$log"
tap_ok $? "a folder in place of the record: the build runs and warns" || sed 's/^/# /' "$log"
ref && diff -r "$out" "$TAP_TMP/ref" >/dev/null
tap_ok $? "and publishes the same site"
rmdir "$rec"

# -- racy files: a file changed less than a second before is hashed again
hb >/dev/null
echo "追加一段。" >>"$content/demo/fangan.md"
hb
! grep -q "^S .*/demo/fangan.md$" "$(record)" && grep -q "^S .*/demo/banfa.md$" "$(record)"
tap_ok $? "a file changed within the last second is not remembered in the stat cache"
tap_done
