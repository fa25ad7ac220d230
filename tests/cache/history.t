#!/usr/bin/env bash
# The history walk is saved in the cache (generator/histcache.h) and read
# back while HEAD and the rest of what the walk reads are unchanged: after
# an uncommitted edit the walk is not made again; after a commit, another
# --history, or a damaged file it is, and the site always equals a build
# without the cache.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
opts=(--date 2024-06-30)
hist() { ls "$cache"/history-*; }
stamp() { stat -c '%i %Y.%y' "$(hist)"; }

step "first build"
[ "$(ls "$cache"/history-* | wc -l)" -eq 1 ] && head -1 "$(hist)" | grep -q "^huibian-history "
tap_ok $? "the walk is saved beside the record"
before=$(stamp)

sed -i 's/制定本办法。/制定本办法（修订）。/' "$content/demo/banfa.md"
step "an uncommitted edit"
[ "$(stamp)" = "$before" ]
tap_ok $? "the saved walk was read, not made again"
grep -q "制定本办法（修订）" "$out/demo/banfa/index.html"
tap_ok $? "the page shows the edit"

commit "修订办法" 2024-03-01T10:00:00+08:00
step "the edit committed"
[ "$(stamp)" != "$before" ]
tap_ok $? "HEAD moved: the walk was made again and saved"
[ "$(grep -c '<li class="history-item' "$out/demo/banfa/history.html")" -eq 2 ]
tap_ok $? "the history has the new version"
before=$(stamp)

step "--history all" --history all
[ "$(stamp)" != "$before" ]
tap_ok $? "another --history: the walk was made again"

# damaged files: never used, the walk is made again and saved anew
for how in truncated "with one byte changed" "of random bytes" empty; do
	f=$(hist)
	case $how in
	truncated) head -c 500 "$f" >"$TAP_TMP/h" && cp "$TAP_TMP/h" "$f" ;;
	"with one byte changed") printf 'Z' | dd of="$f" bs=1 seek=$(($(stat -c %s "$f") / 2)) conv=notrunc status=none ;;
	"of random bytes") head -c 3000 /dev/urandom >"$f" ;;
	empty) : >"$f" ;;
	esac
	sed -i "s/^为推动.*/为推动企业数字化转型（${how// /}），制定本方案。/" "$content/demo/fangan.md"
	step "a saved walk $how"
	head -1 "$(hist)" | grep -q "^huibian-history " && [ "$(wc -c <"$(hist)")" -gt 500 ]
	tap_ok $? "a saved walk $how: saved anew"
done

# the file of an output folder that is gone is removed with its record
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/other" --cache "$cache" "${opts[@]}"
[ "$(ls "$cache"/history-* | wc -l)" -eq 2 ]
tap_ok $? "another output folder has its own saved walk"
rm -rf "$TAP_TMP/other"
sed -i 's/（修订）/（再修订）/' "$content/demo/banfa.md"
hb "${opts[@]}"
[ "$(ls "$cache"/history-* | wc -l)" -eq 1 ]
tap_ok $? "it is removed once that folder is gone"
tap_done
