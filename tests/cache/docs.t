#!/usr/bin/env bash
# What parse and extract make of each document is saved in the cache
# (generator/doccache.h) and read back for every document whose keys are
# unchanged: the -v notes say how many; the site always equals a build
# without the cache, also when the pages of documents read back are
# rendered again (their body is read and their html made then) and when
# the saved files are damaged.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
opts=(--date 2024-06-30)
files() { ls "$cache"/docs-* 2>/dev/null; }
# from P E: the -v notes of the last build say P of the 3 documents were
# parsed and E extracted from the cache
from() {
	grep -q "^huibian: parse: $1 of 3 documents from the cache$" "$log" &&
		grep -q "^huibian: extract: $2 of 3 documents from the cache$" "$log"
}
note() { grep -E '^huibian: (parse|extract):' "$log" | sed 's/^/# /'; }

# a document that names itself: not a citation (also when its html is
# made after its extract was read back)
echo '本方案即豫工信〔2024〕9号文件。' >>"$content/demo/fangan.md"
step "first build"
from 0 0
tap_ok $? "first build: nothing read back" || note
[ "$(files | wc -l)" -ge 1 ] && head -1 $(files) | grep -q "^huibian-docs "
tap_ok $? "the documents are saved beside the record"

sed -i 's/制定本办法。/制定本办法（修订）。/' "$content/demo/banfa.md"
step "one body edited"
from 2 2
tap_ok $? "one body edited: the two others are read back" || note
grep -q "制定本办法（修订）" "$out/demo/banfa/index.html"
tap_ok $? "one body edited: its page shows the edit"
grep -q "省内依法登记的工业企业" "$out/data/measures.csv"
tap_ok $? "the measures read back are in the views"

# a commit on another day moves the build date: every page is rendered
# again, and the html of the documents read back is made for them
opts=()
step "without --date (another option: nothing read back)"
from 0 0
tap_ok $? "without --date: nothing read back" || note
commit "修订办法" 2024-07-02T10:00:00+08:00
step "a commit on a new day, no --date"
from 3 3
tap_ok $? "a new build date: every document read back (bodies read for the pages)" || note
cites() { grep -o '<a href="../../demo/tongzhi/index.html" title=' "$out/demo/fangan/index.html" | wc -l; }
[ "$(cites)" -eq 2 ]
tap_ok $? "a new build date: the citation links are in the pages made again"
grep -q 'class="measure"' "$out/demo/banfa/index.html" &&
	grep -q 'id="jigai-butie"' "$out/demo/banfa/index.html"
tap_ok $? "a new build date: the measures are wrapped in the pages made again"
opts=(--date 2024-06-30)
hb "${opts[@]}" # the date back: nothing read back (another option), saved

# what a citation can name is part of every key
sed -i 's/^number: 豫财企〔2019〕12号/number: 豫财企〔2019〕13号/; s/^title: 河南省财政厅关于做好2019年度/title: 河南省财政厅关于做好二〇一九年度/' \
	"$content/demo/tongzhi.md"
step "a cited document renumbered and renamed"
from 2 0
tap_ok $? "another number and title: its text parsed again, no extract read back" || note
[ "$(cites)" -eq 0 ]
tap_ok $? "the citing page no longer links to it"
git -C "$repo" checkout -q -- site/demo/tongzhi.md

step "the number and title back"
[ "$(cites)" -eq 2 ]
tap_ok $? "the citing page links to it again"

# a file touched (new mtime, same bytes) is hashed again, not parsed again
touch -d '3 minutes ago' "$content/demo/banfa.md"
sed -i 's/^为推动.*/为推动企业数字化转型（触），制定本方案。/' "$content/demo/fangan.md"
step "a file touched, another edited"
from 2 2
tap_ok $? "a file touched: read back; the one edited: parsed again" || note

# another template changes every key (cache_env)
mkdir -p "$TAP_TMP/tpl"
cp "$HUIBIAN_TOP/templates/"*.mustache "$TAP_TMP/tpl/"
sed -i 's/measure-link/measure-link x-test/' "$TAP_TMP/tpl/measure.mustache"
step "another template" --templates "$TAP_TMP/tpl"
from 0 0
tap_ok $? "another template: nothing read back" || note
grep -q 'measure-link x-test' "$out/demo/banfa/index.html"
tap_ok $? "another template: the measures are wrapped by it"
sed -i 's/（修订）/（再修订）/' "$content/demo/banfa.md"
step "an edit with that template" --templates "$TAP_TMP/tpl"
from 2 2
tap_ok $? "an edit with that template: the two others read back" || note

# another binary of the tool (its identity is in cache_env): nothing read back
bin="$TAP_TMP/tool"
mkdir -p "$bin/bin" && cp "$HUIBIAN" "$bin/bin/huibian" &&
	ln -s "$HUIBIAN_TOP/templates" "$bin/templates" && ln -s "$HUIBIAN_TOP/static" "$bin/static"
echo '附：另一个程序。' >>"$content/demo/tongzhi.md"
HUIBIAN="$bin/bin/huibian" step "another binary" --templates "$TAP_TMP/tpl"
from 0 0
tap_ok $? "another binary: nothing read back" || note
HUIBIAN="$bin/bin/huibian" hb -v "${opts[@]}" --templates "$TAP_TMP/tpl"
echo '附：又一句。' >>"$content/demo/tongzhi.md"
HUIBIAN="$bin/bin/huibian" step "that binary again" --templates "$TAP_TMP/tpl"
from 2 2
tap_ok $? "that binary again: the two others read back" || note
hb "${opts[@]}" --templates "$TAP_TMP/tpl" # the usual binary saves its own again

# damaged files are never used: their documents are parsed and extracted
# again
n=0
for how in truncated "with one byte changed" "of random bytes" empty "of another version"; do
	n=$((n + 1))
	for f in $(files); do
		case $how in
		truncated) head -c 200 "$f" >"$TAP_TMP/h" && cp "$TAP_TMP/h" "$f" ;;
		"with one byte changed") printf 'Z' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") / 2)) conv=notrunc status=none ;;
		"of random bytes") head -c 3000 /dev/urandom >"$f" ;;
		empty) : >"$f" ;;
		"of another version") sed -i '1s/^huibian-docs [0-9]* /huibian-docs 999 /' "$f" ;;
		esac
	done
	sed -i "s/^为推动.*/为推动企业数字化转型（$n），制定本方案。/" "$content/demo/fangan.md"
	step "saved documents $how" --templates "$TAP_TMP/tpl"
	from 0 0
	tap_ok $? "saved documents $how: not used" || note
	sed -i "s/^为推动.*/为推动企业数字化转型（$n+），制定本方案。/" "$content/demo/fangan.md"
	step "after saved documents $how" --templates "$TAP_TMP/tpl"
	from 2 2
	tap_ok $? "saved documents $how: saved anew" || note
done

# a document removed leaves no entry behind
rm "$content/demo/banfa.md"
hb -v "${opts[@]}" --templates "$TAP_TMP/tpl"
! grep -q 'demo/banfa.md' $(files)
tap_ok $? "a removed document's entry is dropped"

# the files of an output folder that is gone are removed with its record
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/other" --cache "$cache" "${opts[@]}"
[ "$(files | sed 's/-[0-9]*$//' | sort -u | wc -l)" -eq 2 ]
tap_ok $? "another output folder has its own document files"
rm -rf "$TAP_TMP/other"
echo '附：本方案由省工信厅负责解释。' >>"$content/demo/fangan.md"
hb "${opts[@]}" --templates "$TAP_TMP/tpl"
[ "$(files | sed 's/-[0-9]*$//' | sort -u | wc -l)" -eq 1 ]
tap_ok $? "they are removed once that folder is gone" || files | sed "s|^|# |"
tap_done
