#!/usr/bin/env bash
# The search index is saved in the cache ("search-*" beside the record,
# generator/searchcache.h) and read back: the blocks of entries whose key
# (their texts, the tool, the options) is unchanged are not tokenised
# again, which -v tells ("search: N of M blocks of text from the cache"),
# and the site, search/ included, equals a build without the cache: after
# a commit, an edit at the end, at the start, in the middle, several edits,
# a removed document, with -j 1 or 2; a damaged, truncated or foreign
# saved index is not used, and another option or another binary makes
# every block be tokenised again.  The content is the demo's compilations
# eight times (10 MB, 26 blocks of about 390 KB): a run of saved blocks is
# read only when it holds 4 MB of text or more (search.c, choose_runs).
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
opts=(--date 2024-06-30)

rm -rf "${content:?}"/*
cp "$HUIBIAN_TOP/content/site.yaml" "$content/"
for k in a b c d e f g h; do
	for d in "$HUIBIAN_TOP"/content/*/; do
		cp -r "$d" "$content/$(basename "$d")-$k"
	done
done
commit "示例站点" 2024-01-10T10:00:00+08:00
first=$(find "$content" -name "*.md" ! -name _index.md | LC_ALL=C sort | head -1)
last=$(find "$content" -name "*.md" ! -name _index.md | LC_ALL=C sort | tail -1)

# saved: "N M" of the last build's -v line.
saved() { sed -n 's/^huibian: search: \([0-9]*\) of \([0-9]*\) blocks of text from the cache$/\1 \2/p' "$log"; }
# expect NAME LOW HIGH: the last build read LOW to HIGH of its M blocks
# (M as the first build).
expect() {
	local n m2
	read -r n m2 <<<"$(saved)"
	[ -n "$n" ] && [ "$m2" = "$m" ] && [ "$n" -ge "$2" ] && [ "$n" -le "$3" ]
	tap_ok $? "$1: $n of $m2 blocks from the cache ($2 to $3)" || grep "search" "$log" | sed 's/^/# /'
}

step "first build"
read -r n m <<<"$(saved)"
[ "$n" = 0 ] && [ "$m" -ge 20 ]
tap_ok $? "first build: no block from the cache, $m in all" || sed 's/^/# /' "$log"
file=$(ls "$cache"/search-*)
[ -f "$file" ] && [ "$(head -c 15 "$file")" = "huibian-search " ] &&
	[ "$(sed -n 2p "$file")" = "out $(realpath "$out")" ]
tap_ok $? "the index is saved beside the record, for its output folder"

# A commit changes no text: every block is read, and the saved index is
# not written again.
before=$(stat -c '%i %Y' "$file")
commit "再提交" 2024-01-11T10:00:00+08:00
step "a commit"
expect "a commit" "$m" "$m"
[ "$(stat -c '%i %Y' "$file")" = "$before" ]
tap_ok $? "a commit: the saved index is left as it was"

# One body edited (uncommitted): its block is tokenised (and a neighbour
# when the edit moves the cut between them), the others are read.
printf '\n文末新增一句。\n' >>"$last"
step "the last document edited"
expect "the last document edited" $((m - 2)) $((m - 1))
printf '\n文末新增一句。\n' >>"$first"
step "the first document edited"
expect "the first document edited" $((m - 2)) $((m - 1))
doc="$content/yuwangtai-huiqi-2025-d/doc-20.md"
printf '\n文末新增一句。\n' >>"$doc"
step "a document in the middle edited"
expect "a document in the middle edited" $((m / 2)) $((m - 1))

# Several documents of one compilation edited.
for f in "$content"/henan-gazette-2024-17-c/y*.md; do
	printf '\n新增一段文字，用于检验重新建立索引。\n' >>"$f"
done
step "several documents edited"
expect "several documents edited" 0 $((m - 1))

# A document removed: the entries after it move.
rm "$content/henan-gazette-2025-08-b/yzb-2025-6.md"
step "a document removed"
expect "a document removed" 1 $((m - 1))

# -j 1 reads the same saved index and writes the same site as -j 2.
echo "再加一句。" >>"$last"
hb -v "${opts[@]}" -j 1 && ref "${opts[@]}" -j 2 && diff -r "$out/search" "$TAP_TMP/ref/search" >"$TAP_TMP/diff"
tap_ok $? "-j 1 with the cache: the index equals one of -j 2 without it" ||
	sed 's/^/# /' "$TAP_TMP/diff" | head -5
read -r n m <<<"$(saved)"
expect "-j 1" $((m - 2)) $((m - 1))

# A damaged saved index is not used.
echo "又加一句。" >>"$doc"
size=$(stat -c %s "$file")
printf 'X' | dd of="$file" bs=1 seek=$((size / 2)) conv=notrunc status=none
step "a damaged saved index"
expect "a damaged saved index" 0 0
echo "再又加一句。" >>"$doc"
truncate -s $(($(stat -c %s "$file") - 100)) "$file"
step "a truncated saved index"
expect "a truncated saved index" 0 0
echo "还加一句。" >>"$doc"
: >"$file"
step "an empty saved index"
expect "an empty saved index" 0 0

# Another output folder's saved index (its key differs) is not used.
"$HUIBIAN" build -q "${opts[@]}" --content "$content" --out "$TAP_TMP/other" --cache "$cache"
other=$(grep -l "^out $(realpath "$TAP_TMP/other")$" "$cache"/search-* 2>/dev/null | head -1)
[ -n "$other" ] && [ "$other" != "$file" ] && cp "$other" "$file"
tap_ok $? "(another folder's saved index copied over this one's)"
echo "另加一句。" >>"$doc"
step "another folder's saved index"
expect "another folder's saved index" 0 0

# Another option, another binary: every block is tokenised again.
step "another build date" --date 2024-07-01
expect "another build date" 0 0
echo "新的一句。" >>"$last"
step "an edit with that date" --date 2024-07-01
expect "an edit with that date" $((m - 2)) $((m - 1))
bin="$TAP_TMP/tool"
mkdir -p "$bin/bin" && cp "$HUIBIAN" "$bin/bin/huibian" &&
	ln -s "$HUIBIAN_TOP/templates" "$bin/templates" && ln -s "$HUIBIAN_TOP/static" "$bin/static"
echo "最后一句。" >>"$doc"
HUIBIAN="$bin/bin/huibian" hb -v "${opts[@]}" --date 2024-07-01 && ref "${opts[@]}" --date 2024-07-01 &&
	diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
tap_ok $? "another binary: the site equals a build without the cache" ||
	sed 's/^/# /' "$TAP_TMP/diff" | head -5
expect "another binary" 0 0
tap_done
