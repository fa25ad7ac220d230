#!/usr/bin/env bash
# The memo keys (generator/memo.h): a rebuild links the published pages of
# a document whose key did not change instead of rendering them again.
# After each change below the site equals a build without the cache, and
# the count of pages not rendered again is exactly what the change allows:
# the pages of the documents it does not touch, none when it touches what
# every page shows, none of a group whose published copy was tampered with.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
opts=(--date 2024-06-30)

# step NAME [OPTION...]: build with the cache (its summary in $TAP_TMP/step)
# and check that the site equals a build without the cache.  The search
# index's text files are keyed too: $TAP_TMP/texts-before keeps them as
# they were, for texts_same.
step() {
	local name=$1
	shift
	rm -rf "$TAP_TMP/texts-before"
	[ ! -d "$out/search/t" ] || cp -r "$out/search/t" "$TAP_TMP/texts-before"
	hb "${opts[@]}" "$@" && cp "$log" "$TAP_TMP/step"
	tap_ok $? "$name: the build succeeds" || sed 's/^/# /' "$log" | head -5
	ref "${opts[@]}" "$@" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
	tap_ok $? "$name: the site equals a build without the cache" ||
		sed 's/^/# /' "$TAP_TMP/diff" | head -8
}
# The number of pages the last step did not render again.
reused() { sed -n 's/.*unchanged (\([0-9]*\) of them not rendered again).*/\1/p' "$TAP_TMP/step"; }
# files DIR...: the number of files in the published folders DIR...
files() { (cd "$out" && find "$@" -type f | wc -l); }
# The files of the views (each page, or data file, is a group of its own,
# keyed by what it shows).
views() { files measures departments timeline data feed.xml sitemap.xml; }
# showing TEXT: the number of files of the views that contain TEXT.
showing() {
	(cd "$out" && grep -rlF -- "$1" measures departments timeline data feed.xml sitemap.xml |
		wc -l)
}
# The search index's text files the last step left as they were (each is
# keyed by its texts and the coding tables: a file whose text did not
# change is not coded again).
texts_same() {
	local f n=0
	for f in "$out"/search/t/*.js; do
		! cmp -s "$f" "$TAP_TMP/texts-before/${f##*/}" || n=$((n + 1))
	done
	echo $n
}
# expect NAME N: the last step did not render again exactly N pages (and
# the text files of the search index that did not change).
expect() {
	[ "$(reused)" = "$(($2 + $(texts_same)))" ]
	tap_ok $? "$1: $2 pages not rendered again" || sed 's/^/# /' "$TAP_TMP/step"
}
# expect_none NAME: the last step rendered every page and coded every text
# again (what it changed is part of every key).
expect_none() {
	[ "$(reused)" = 0 ]
	tap_ok $? "$1: every page rendered again" || sed 's/^/# /' "$TAP_TMP/step"
}

# banfa gets a second version: history.html, a version page, a diff page.
sed -i 's/制定本办法。/制定本办法（第二版）。/' "$content/demo/banfa.md"
commit "修订办法" 2024-03-01T10:00:00+08:00
step "first build"
expect "first build" 0
[ -f "$out/demo/banfa/history.html" ] && ls "$out"/demo/banfa/v-*.html >/dev/null &&
	ls "$out"/demo/banfa/diff-*.html >/dev/null
tap_ok $? "(banfa has a history page, a version page and a diff page)"

# -- a body edit outside the measures keeps the site key and the views key:
# only that document is rendered again
sed -i 's/现将有关事项通知如下/现将有关事项通知如下（补充）/' "$content/demo/tongzhi.md"
step "tongzhi's body edited"
expect "tongzhi's body edited" "$(($(files demo/banfa demo/fangan) + $(views)))"
grep -q "（补充）" "$out/demo/tongzhi/index.html"
tap_ok $? "tongzhi's page shows the edit"

# -- its title is what other pages show of it: every page is rendered again
sed -i 's/^title: 河南省财政厅关于做好2019年度/title: 河南省财政厅关于做好二〇一九年度/' \
	"$content/demo/tongzhi.md"
step "tongzhi's title edited"
expect "tongzhi's title edited" 0
grep -q "二〇一九年度" "$out/demo/banfa/index.html"
tap_ok $? "banfa's page (which supersedes it) shows the new title"

# -- a citation added to fangan's body: banfa's page lists it as 被引用
sed -i 's/制定本方案。/依据豫财企〔2021〕5号，制定本方案。/' "$content/demo/fangan.md"
step "a citation of banfa added to fangan"
# banfa's history pages and tongzhi's pages are reused; banfa's own page
# (which now lists the citation) and fangan's are rendered again
expect "a citation of banfa added to fangan" "$(($(files demo/tongzhi demo/banfa) - 1 + $(views)))"
grep -q "被引用" "$out/demo/banfa/index.html" && grep -q 'href="../../demo/fangan/index.html"' \
	"$out/demo/banfa/index.html"
tap_ok $? "banfa's page lists fangan as citing it"

# -- what every page shows: an option, the build date, a template, site.yaml
step "--history all" --history all
expect_none "--history all"
step "another build date" --date 2030-01-01
expect_none "another build date"
mkdir -p "$repo/templates"
sed 's|</footer>|<p>MEMO-MARK</p></footer>|' "$HUIBIAN_TOP/templates/layout.mustache" \
	>"$repo/templates/layout.mustache"
step "a template added"
expect_none "a template added"
grep -q "MEMO-MARK" "$out"/demo/banfa/diff-*.html
tap_ok $? "the diff page uses it"
sed -i 's/^title: 示例惠企政策汇编$/title: 示例惠企政策汇编（二）/' "$content/site.yaml"
step "site.yaml edited"
expect_none "site.yaml edited"

# -- a new version committed: that document's pages only
sed -i 's/（补充）/（补充二）/' "$content/demo/tongzhi.md"
commit "修订通知" 2024-03-02T10:00:00+08:00
step "the edits committed (tongzhi's, fangan's, the template, site.yaml)"
# the key of a document's pages changes with its own history only
expect "the edits committed" "$(($(files demo/banfa) + $(views)))"
[ "$(grep -c '<li class="history-item' "$out/demo/tongzhi/history.html")" -ge 2 ]
tap_ok $? "tongzhi's history lists the new version"

# -- a measure's text is what the views show of it: the view files that
# show that measure (linking its anchor) are made again, the others not
sed -i 's/项目备案文件和设备购置发票/项目备案文件、设备购置发票/' "$content/demo/tongzhi.md"
step "the text of tongzhi's measure edited"
expect "the text of tongzhi's measure edited" \
	"$(($(files demo/banfa demo/fangan) + $(views) - $(showing demo/tongzhi/index.html#)))"
grep -q "项目备案文件、设备购置发票" "$out/data/measures.csv"
tap_ok $? "the measures' data has the new text"
sed -i 's/deadline="2019-06-30" mode="申报"/deadline="2019-07-31" mode="申报"/' \
	"$content/demo/tongzhi.md"
step "the deadline of tongzhi's measure edited"
expect "the deadline of tongzhi's measure edited" \
	"$(($(files demo/banfa demo/fangan) + $(views) - $(showing demo/tongzhi/index.html#)))"
grep -q "2019-07-31" "$out/data/measures.csv"
tap_ok $? "the measures' data has the new deadline"

# -- published copies tampered with are rendered again, not linked
v=$(ls "$out"/demo/banfa/v-*.html | head -1)
cp -p "$v" "$TAP_TMP/v"
sed -i 's/<html/<HTML/' "$v"
touch -r "$TAP_TMP/v" "$v"
rm "$out/demo/fangan/index.html"
sed -i 's/（补充二）/（补充三）/' "$content/demo/tongzhi.md"
step "a version page modified (same size and mtime), a page removed, tongzhi edited"
# banfa's own page and fangan's history pages are intact: those are reused
expect "a version page modified, a page removed" "$((1 + $(files demo/fangan) - 1 + $(views)))"
cmp -s "$v" "$TAP_TMP/v" && [ -f "$out/demo/fangan/index.html" ]
tap_ok $? "the version page is restored and the removed page is back"


# -- without history a page's key still has its text's blob id
step "--history none" --history none
expect_none "--history none"
sed -i 's/（补充三）/（补充四）/' "$content/demo/tongzhi.md"
step "tongzhi edited, --history none" --history none
expect "tongzhi edited, --history none" "$(($(files demo/banfa demo/fangan) + $(views)))"
grep -q "（补充四）" "$out/demo/tongzhi/index.html"
tap_ok $? "tongzhi's page shows the edit"
tap_done
