#!/usr/bin/env bash
# A build whose inputs are unchanged writes nothing and says the site is up
# to date; --no-cache builds anyway; the cache folder cannot be inside the
# content or output folder; the up-to-date build repeats the last build's
# warnings and removes what a killed build left beside the site.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"

hb
tap_ok $? "a first build succeeds"
! uptodate && grep -q "files written" "$log"
tap_ok $? "and builds the site" || sed 's/^/# /' "$log"
[ -f "$(record)" ]
tap_ok $? "and records it in the cache folder"
snap >"$TAP_TMP/snap1"
cp "$(record)" "$TAP_TMP/record1"
hb
tap_ok $? "a second build succeeds"
uptodate
tap_ok $? "and says the site is up to date" || sed 's/^/# /' "$log"
grep -q "3 documents, 4 measures" "$log"
tap_ok $? "with the counts of the last build"
snap | cmp -s - "$TAP_TMP/snap1"
tap_ok $? "nothing in the site was written (same entries, inodes, mtimes, ctimes)"
cmp -s "$(record)" "$TAP_TMP/record1"
tap_ok $? "the record is not rewritten"
hb -q && [ ! -s "$log" ]
tap_ok $? "-q: an up-to-date build prints nothing"

# Two edits: the second build starts from the site the first replaced,
# and records the files it kept from it as they were without a stat
# (output_entry stat_known).  Every file's size, inode, mtime and ctime
# in the record must still be what stat says, and the next build up to
# date.
cp "$content/demo/banfa.md" "$TAP_TMP/banfa.md"
echo "第一次补充。" >>"$content/demo/banfa.md" && hb && cp "$TAP_TMP/banfa.md" "$content/demo/banfa.md" &&
	echo "第二次补充。" >>"$content/demo/banfa.md" && hb
tap_ok $? "two edits, the second from the kept previous site"
bad=0 nf=0
while read -r _ kind size ino mtime ctime _ _ path; do
	[ "$kind" = f ] || continue
	nf=$((nf + 1))
	got=$(stat -c '%s %i %.9Y %.9Z' "$out/$path" | tr -d .)
	[ "$got" = "$size $ino $mtime $ctime" ] || bad=$((bad + 1))
done < <(grep -a '^M f ' "$(record)")
[ "$nf" -gt 20 ] && [ "$bad" -eq 0 ]
tap_ok $? "the record gives every file's size, inode, mtime and ctime ($nf files, $bad wrong)"
hb && uptodate
tap_ok $? "and the next build is up to date" || sed 's/^/# /' "$log"
cp "$TAP_TMP/banfa.md" "$content/demo/banfa.md" && hb # back to the first site

hb --no-cache
! uptodate && grep -q "0 files written" "$log"
tap_ok $? "--no-cache builds again (every file unchanged)" || sed 's/^/# /' "$log"
"$HUIBIAN" build --content "$content" --out "$out" --cache "$cache" --no-cache >"$log" 2>&1 &&
	! uptodate
tap_ok $? "--no-cache after --cache wins"

# The default cache folder is .huibian-cache in the current folder.
(cd "$TAP_TMP" && "$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/other")
ls "$TAP_TMP/.huibian-cache"/site-* >/dev/null 2>&1
tap_ok $? "the default cache folder is ./.huibian-cache"
(cd "$TAP_TMP" && "$HUIBIAN" build --content "$content" --out "$TAP_TMP/other") 2>&1 |
	grep -q "is up to date"
tap_ok $? "and is used by the next build"

# Refused places.
snap >"$TAP_TMP/snap2"
"$HUIBIAN" build --content "$content" --out "$out" --cache "$content/.cache" >"$log" 2>&1
[ $? -eq 1 ] && grep -q "cache folder must not be inside" "$log" && [ ! -e "$content/.cache" ]
tap_ok $? "a cache folder inside the content folder is refused" || sed 's/^/# /' "$log"
"$HUIBIAN" build --content "$content" --out "$out" --cache "$out/cache" >"$log" 2>&1
[ $? -eq 1 ] && grep -q "cache folder must not be inside" "$log" && [ ! -e "$out/cache" ]
tap_ok $? "a cache folder inside the output folder is refused"
"$HUIBIAN" build --content "$content" --out "$out" --cache "$out" >"$log" 2>&1
[ $? -eq 1 ]
tap_ok $? "the output folder itself as the cache folder is refused"
snap | cmp -s - "$TAP_TMP/snap2"
tap_ok $? "and the site is untouched by the refused builds"
echo "not a folder" >"$TAP_TMP/afile"
"$HUIBIAN" build --content "$content" --out "$TAP_TMP/out3" --cache "$TAP_TMP/afile" >"$log" 2>&1 &&
	grep -q "building without it" "$log" && [ -f "$TAP_TMP/out3/index.html" ]
tap_ok $? "an unusable cache folder is a warning: the build runs without it" ||
	sed 's/^/# /' "$log"

# Warnings of the last build are repeated.
echo "stray" >"$content/notes.txt"
hb && grep -q "notes.txt.*warning: ignored" "$log"
tap_ok $? "a build with a warning" || sed 's/^/# /' "$log"
hb && uptodate && grep -q "notes.txt.*warning: ignored" "$log"
tap_ok $? "the up-to-date build repeats the warning" || sed 's/^/# /' "$log"
rm "$content/notes.txt"

# A killed build's temporary folder is removed by an up-to-date build.
hb && mkdir "$TAP_TMP/.public.tmp-XXkill" && hb && uptodate && [ ! -e "$TAP_TMP/.public.tmp-XXkill" ]
tap_ok $? "an up-to-date build removes a killed build's temporary folder"

# Records (and saved history walks, documents, search indexes and what the
# views saved) of output folders that are gone are removed.
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/gone" --cache "$cache" &&
	"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/kept" --cache "$cache"
n=$(ls "$cache"/site-* | wc -l)
nh=$(ls "$cache"/history-* | wc -l)
# the document files of a folder: "docs-<hash>-NN"
docfiles() { ls "$cache" | sed -n 's/^\(docs-[0-9a-f]*\)-[0-9]*$/\1/p' | sort -u | wc -l; }
ne=$(docfiles)
ns=$(ls "$cache"/search-* | wc -l)
nv=$(ls "$cache"/views-* | wc -l)
rm -rf "$TAP_TMP/gone"
echo x >>"$content/demo/banfa.md"
hb
[ "$n" -eq 3 ] && [ "$(ls "$cache"/site-* | wc -l)" -eq 2 ] && [ "$nh" -eq 3 ] &&
	[ "$(ls "$cache"/history-* | wc -l)" -eq 2 ] && [ "$ne" -eq 3 ] && [ "$(docfiles)" -eq 2 ] &&
	[ "$ns" -eq 3 ] && [ "$(ls "$cache"/search-* | wc -l)" -eq 2 ] &&
	[ "$nv" -eq 3 ] && [ "$(ls "$cache"/views-* | wc -l)" -eq 2 ] &&
	[ "$(ls "$cache" | grep -vc '^docs-')" -eq 8 ]
tap_ok $? "records of removed output folders are pruned, the others kept ($n before)"

# A build killed while it saved the record leaves its temporary file: the
# next build into that folder removes it; another folder's (which may be
# building now) is kept until it is an hour old.
own=$(basename "$(grep -lx "out $(realpath "$out")" "$cache"/site-*)")
kept=$(basename "$(grep -lx "out $(realpath "$TAP_TMP/kept")" "$cache"/site-*)")
touch "$cache/.$own.tmp-XXkill" "$cache/.$kept.tmp-XXlive"
echo y >>"$content/demo/banfa.md"
hb && [ ! -e "$cache/.$own.tmp-XXkill" ] && [ -e "$cache/.$kept.tmp-XXlive" ]
tap_ok $? "a build removes its record's temporary file left by a killed build, not another folder's"
tap_done
