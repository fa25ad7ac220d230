#!/usr/bin/env bash
# The search index's text files are cut where the texts say and keyed by
# their texts (generator/searchwrite.c, memo.h): after one document of the
# demo content (71 documents, 4 compilations) is edited, only the text
# files holding that document change, the others are linked from the
# published site without being coded again, and the site equals a build
# without the cache.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
opts=(--date 2024-06-30)

rm -rf "${content:?}"/*
cp -r "$HUIBIAN_TOP"/content/* "$content/"
commit "示例站点" 2024-01-10T10:00:00+08:00
t="$out/search/t"

hb "${opts[@]}"
tap_ok $? "the demo content builds" || sed 's/^/# /' "$log" | head -5
n=$(ls "$t" | wc -l)
[ "$n" -ge 8 ]
tap_ok $? "its search texts are in several files ($n)"
cp -r "$t" "$TAP_TMP/before"
(cd "$t" && ls -i | LC_ALL=C sort -k2) >"$TAP_TMP/inodes-before"

# one digit in the body of a document of the 郑州市人民政府文件 compilation
doc="$content/zhengzhou-2022/zzb-2022-27.md"
grep -q "^1\\\\. 总体情况（3分）" "$doc"
tap_ok $? "(the line to edit is there)"
sed -i 's/^1\\\. 总体情况（3分）/1\\. 总体情况（4分）/' "$doc"
grep -q "总体情况（4分）" "$doc"
tap_ok $? "(edited)"
hb "${opts[@]}"
tap_ok $? "it builds after the edit" || sed 's/^/# /' "$log" | head -5
ref "${opts[@]}" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
tap_ok $? "the site equals a build without the cache" || sed 's/^/# /' "$TAP_TMP/diff" | head -8

[ "$(ls "$t" | wc -l)" -eq "$n" ]
tap_ok $? "as many text files as before"
changed=0
for f in "$t"/*.js; do
	cmp -s "$f" "$TAP_TMP/before/${f##*/}" || changed=$((changed + 1))
done
[ "$changed" -ge 1 ] && [ "$changed" -le 2 ]
tap_ok $? "the edit changed one or two text files ($changed of $n)"
(cd "$t" && ls -i | LC_ALL=C sort -k2) >"$TAP_TMP/inodes-after"
kept=$(join -j 2 "$TAP_TMP/inodes-before" "$TAP_TMP/inodes-after" | awk '$2 == $3' | wc -l)
[ "$kept" -eq $((n - changed)) ]
tap_ok $? "every other text file is the published one, linked ($kept)"
grep -q "not rendered again" "$log" &&
	[ "$(sed -n 's/.*unchanged (\([0-9]*\) of them not rendered again).*/\1/p' "$log")" -ge $((n - changed)) ]
tap_ok $? "and counted as not made again" || sed 's/^/# /' "$log"

# a character no text had: the coding tables change, every file is coded
# again with them
! grep -rq "龘" "$content"
tap_ok $? "(龘 is in no document)"
sed -i 's/总体情况（4分）/总体情况（4分，龘）/' "$doc"
cp -r "$t" "$TAP_TMP/before2"
hb "${opts[@]}"
tap_ok $? "it builds after a new character is added" || sed 's/^/# /' "$log" | head -5
ref "${opts[@]}" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
tap_ok $? "the site equals a build without the cache" || sed 's/^/# /' "$TAP_TMP/diff" | head -8
same=0
for f in "$t"/*.js; do
	! cmp -s "$f" "$TAP_TMP/before2/${f##*/}" || same=$((same + 1))
done
[ "$same" -lt $((n / 2)) ]
tap_ok $? "most text files changed with the tables ($same of $n the same)"
tap_done
