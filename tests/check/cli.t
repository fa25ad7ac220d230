#!/usr/bin/env bash
# The command line and the checks that need a file system: --help and
# --version, usage errors, symbolic links leaving the content folder,
# reserved compilation names, an optional _index.md, and `check` never
# writing anything.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
mini="$HUIBIAN_TOP/tests/fixtures/mini"

"$HUIBIAN" --version | grep -qE '^huibian [0-9]+\.[0-9]+\.[0-9]+$'
tap_ok $? "--version prints the version"
"$HUIBIAN" --help | grep -q 'usage: huibian build'
tap_ok $? "--help prints the usage"
"$HUIBIAN" frobnicate 2>/dev/null
tap_ok $(($? == 2 ? 0 : 1)) "an unknown command exits 2"
"$HUIBIAN" build --no-such-option 2>/dev/null
tap_ok $(($? == 2 ? 0 : 1)) "an unknown option exits 2"
"$HUIBIAN" build --history=sometimes 2>/dev/null
tap_ok $(($? == 2 ? 0 : 1)) "a bad --history value exits 2"
"$HUIBIAN" check --content "$mini" --date 2024-13-01 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q -- '--date.*no such date' "$TAP_TMP/err"
tap_ok $? "an impossible --date is an error"

cp -r "$mini" "$TAP_TMP/site"
echo "---" >"$TAP_TMP/outside.md" && printf 'title: 外部\n---\n正文\n' >>"$TAP_TMP/outside.md"
ln -s "$TAP_TMP/outside.md" "$TAP_TMP/site/demo/link.md"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "$TAP_TMP/site/demo/link.md:1:1: error: symbolic link leads outside" "$TAP_TMP/err"
tap_ok $? "a symbolic link out of the content folder is an error" || sed 's/^/# /' "$TAP_TMP/err"
rm "$TAP_TMP/site/demo/link.md"
ln -s "$TAP_TMP" "$TAP_TMP/site/escape"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "site/escape:1:1: error: symbolic link leads outside" "$TAP_TMP/err"
tap_ok $? "a symbolic link to a folder outside is an error" || sed 's/^/# /' "$TAP_TMP/err"
rm "$TAP_TMP/site/escape"
ln -s banfa.md "$TAP_TMP/site/demo/alias.md"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>/dev/null
tap_ok $? "a symbolic link inside the content folder is followed"
rm "$TAP_TMP/site/demo/alias.md"

for target in ../../etc/passwd /etc/passwd demo/../../x; do
	cp "$TAP_TMP/site/demo/fangan.md" "$TAP_TMP/fangan.saved"
	sed -i "0,/^title:/s|^title:|supersedes: [\"$target\"]\ntitle:|" "$TAP_TMP/site/demo/fangan.md"
	"$HUIBIAN" check --content "$TAP_TMP/site" 2>"$TAP_TMP/err"
	[ $? -eq 1 ] && grep -q "demo/fangan.md:2:[0-9]*: error: supersedes: no document '$target'" "$TAP_TMP/err"
	tap_ok $? "supersedes '$target' (outside the site) is an error" || sed 's/^/# /' "$TAP_TMP/err"
	cp "$TAP_TMP/fangan.saved" "$TAP_TMP/site/demo/fangan.md"
done

mkdir "$TAP_TMP/site/search"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "site/search:1:1: error: 'search' is reserved" "$TAP_TMP/err"
tap_ok $? "a compilation named like a generated page is refused"
rmdir "$TAP_TMP/site/search"
mkdir "$TAP_TMP/site/demo/sub"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "demo/sub:1:1: error: folders inside a compilation" "$TAP_TMP/err"
tap_ok $? "a folder inside a compilation is refused"
rmdir "$TAP_TMP/site/demo/sub"

rm "$TAP_TMP/site/demo/_index.md"
sed -i '/^section:/d' "$TAP_TMP/site/demo/"*.md
"$HUIBIAN" build -q --content "$TAP_TMP/site" --out "$TAP_TMP/out" --history=none
[ $? -eq 0 ] && grep -q '<h1[^>]*>demo</h1>' "$TAP_TMP/out/demo/index.html"
tap_ok $? "_index.md is optional: the folder name is the title"

# --out in folders that do not exist yet: made as by mkdir -p, with the
# cache beside the site, which the next build finds.
"$HUIBIAN" build -q --content "$TAP_TMP/site" --out "$TAP_TMP/new/a/public" --history=none &&
	[ -f "$TAP_TMP/new/a/public/demo/index.html" ] && [ -d "$TAP_TMP/new/a/.huibian-cache" ] &&
	"$HUIBIAN" build --content "$TAP_TMP/site" --out "$TAP_TMP/new/a/public" --history=none 2>&1 |
	grep -q "is up to date"
tap_ok $? "--out in missing folders: they are made, and the cache works from the first build"
touch "$TAP_TMP/plainfile"
"$HUIBIAN" build --content "$TAP_TMP/site" --out "$TAP_TMP/plainfile/x/public" --history=none 2>"$TAP_TMP/err"
[ $? -eq 1 ] && grep -q "plainfile/x/public:1:1: error: cannot use the output folder: Not a directory" "$TAP_TMP/err"
tap_ok $? "--out under a file: a clear error" || sed 's/^/# /' "$TAP_TMP/err"

find "$TAP_TMP/site" -printf '%p %s %T@\n' | sort >"$TAP_TMP/before"
"$HUIBIAN" check --content "$TAP_TMP/site" 2>/dev/null
find "$TAP_TMP/site" -printf '%p %s %T@\n' | sort >"$TAP_TMP/after"
cmp -s "$TAP_TMP/before" "$TAP_TMP/after" && [ ! -e "$TAP_TMP/public" ] && [ ! -e public.check ]
tap_ok $? "check writes nothing"
tap_done
