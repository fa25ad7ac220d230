#!/usr/bin/env bash
# badinput.t - bad input gives a clear error or a correct import, never a crash.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-import.sh"
tap_tmpdir
T=$TAP_TMP
SEED="$HUIBIAN_TOP/tests/import/seeds/henan-gazette-2024-17.txt"
: >"$T/empty.txt"
run_import "$T/empty.txt" --out "$T/o1" 2>"$T/e1"; rc=$?
[ $rc -eq 1 ] && grep -q 'empty.txt:1:1: error: empty file' "$T/e1"; tap_ok $? "empty file"
head -c 4096 /bin/sh >"$T/bin.txt"
run_import "$T/bin.txt" --out "$T/o2" 2>"$T/e2"; rc=$?
[ $rc -eq 1 ] && grep -q 'binary data' "$T/e2"; tap_ok $? "binary file"
printf '第一行\n第二行\xff\xfe坏\n' >"$T/bad.txt"
run_import "$T/bad.txt" --out "$T/o3" 2>"$T/e3"; rc=$?
[ $rc -eq 1 ] && grep -q 'bad.txt:2:4: error: invalid UTF-8' "$T/e3"; tap_ok $? "invalid UTF-8 reported at path:line:col"
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$SEED"; } >"$T/u16.txt"
run_import "$T/u16.txt" --out "$T/o4" 2>"$T/e4"; rc=$?
[ $rc -eq 0 ] && grep -q 'UTF-16' "$T/e4" && [ -f "$T/o4/yzb-2024-40.md" ]; tap_ok $? "UTF-16 with BOM converted"
iconv -f UTF-8 -t GB18030 "$SEED" >"$T/gb.txt"
run_import "$T/gb.txt" --out "$T/o5" 2>"$T/e5"; rc=$?
[ $rc -eq 0 ] && grep -q 'GB18030' "$T/e5" && [ -f "$T/o5/yzb-2024-40.md" ]; tap_ok $? "GB18030 detected and converted"
sed 's/$/\r/' "$SEED" >"$T/crlf.txt"
run_import "$T/crlf.txt" --out "$T/o6" 2>/dev/null && run_import "$SEED" --out "$T/o6b" 2>/dev/null
diff -r "$T/o6" "$T/o6b" >/dev/null; tap_ok $? "CRLF input imports like LF input"
for i in $(seq 1 600); do cat "$SEED"; done >"$T/big.txt"
run_import "$T/big.txt" --out "$T/o7" >/dev/null 2>"$T/e7"; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]; tap_ok $? "50 MB input: clean exit ($rc)"
mkdir -p "$T/full"; touch "$T/full/x"
run_import "$SEED" --out "$T/full" 2>"$T/e8"; rc=$?
[ $rc -eq 1 ] && grep -q 'not empty' "$T/e8"; tap_ok $? "non-empty output folder refused"
run_import "$SEED" 2>/dev/null; [ $? -eq 2 ]; tap_ok $? "usage error exits 2"
run_import "$SEED" --out "$T/new/a/b" >/dev/null 2>"$T/e10" && [ -f "$T/new/a/b/yzb-2024-40.md" ]
tap_ok $? "--out in folders that do not exist yet: they are made (mkdir -p)"
touch "$T/plainfile"
run_import "$SEED" --out "$T/plainfile/x" >/dev/null 2>"$T/e11"; rc=$?
[ $rc -eq 1 ] && grep -q 'plainfile/x:1:1: error: cannot create output folder: Not a directory' "$T/e11"
tap_ok $? "--out under a file: a clear error"
# --out: nothing is written outside it, whatever the text says, and a
# symlink planted in it is replaced, not followed.
printf '关于../../escape的通知\n../../x〔2024〕1号\n各单位：\n现印发给你们。\n' >"$T/evil.txt"
mkdir -p "$T/jail/out"; echo keep >"$T/victim"; ln -s "$T/victim" "$T/jail/out/_index.md"
run_import "$T/evil.txt" --out "$T/jail/out" --force >/dev/null 2>&1; rc=$?
[ $rc -eq 0 ] && [ "$(cat "$T/victim")" = keep ] && [ ! -L "$T/jail/out/_index.md" ] &&
	[ -z "$(find "$T/jail" -path "$T/jail/out" -prune -o -type f -print)" ] &&
	[ -z "$(find "$T/jail/out" -type f ! -name '*.md')" ]
tap_ok $? "--out: files only inside it, planted symlink not followed"
# Importing twice (again with --force into the same folder) gives identical files.
run_import "$SEED" --out "$T/twice" >/dev/null 2>&1 && cp -r "$T/twice" "$T/twice1" &&
	run_import "$SEED" --out "$T/twice" --force >/dev/null 2>&1 && diff -r "$T/twice" "$T/twice1" >/dev/null
tap_ok $? "importing twice gives identical files"
# --topics: a missing file is an error; a site.yaml next to --out is used.
run_import "$SEED" --out "$T/t1" --topics "$T/nope.yaml" >/dev/null 2>"$T/e9"; rc=$?
[ $rc -eq 1 ] && grep -q 'nope.yaml.*cannot open' "$T/e9"; tap_ok $? "--topics with a missing file"
mkdir -p "$T/content"; printf 'title: t\ntopics:\n  - 物流\n' >"$T/content/site.yaml"
run_import "$SEED" --out "$T/content/g" >/dev/null 2>&1
grep -q 'measure topics="物流"' "$T/content/g/yzb-2024-40.md"; tap_ok $? "topics from the site.yaml next to --out"
printf 'title: t\ntopics: [\n' >"$T/content/site.yaml"
run_import "$SEED" --out "$T/content/h" >/dev/null 2>"$T/e10"; rc=$?
[ $rc -eq 1 ] && grep -q 'content/site.yaml:[0-9]*:[0-9]*: error' "$T/e10"; tap_ok $? "a broken site.yaml is reported"
tap_done
