#!/usr/bin/env bash
# A build with the cache never publishes anything else than a build without
# it: on a copy of the demo content (in a git repository), a sequence of
# edits, additions, removals, commits and option changes, each followed by
# a build with the cache and compared byte for byte (diff -r) with a fresh
# build without it.  Files whose bytes did not change keep their inode.
# Builds run with -j 1: with several threads, cmark-gfm's autolink
# extension is not deterministic (its table of special characters is
# global: a parser finishing in one thread removes the characters while
# another parses), which would make two builds differ without the cache.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
. "$(dirname "$0")/lib-cache.sh"
rm -rf "$content"
cp -r "$HUIBIAN_TOP/content" "$content"
commit "示例内容" 2025-01-10T10:00:00+08:00

step() { # step NAME [OPTION...]: build with the cache, compare with a build without it
	local name=$1
	shift
	hb -q -j 1 "$@" && ref -j 1 "$@" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
	tap_ok $? "$name: same site as without the cache" || sed 's/^/# /' "$TAP_TMP/diff" | head -5
}
mapfile -t docs < <(cd "$content" && find . -name '*.md' ! -name _index.md | LC_ALL=C sort)
step "first build"
some="${docs[3]#./}"
other="${docs[20]#./}"
page_of() { local p=${1%.md}; echo "$out/$p/index.html"; }
ino() { stat -c %i "$1"; }
before_other=$(ino "$(page_of "$other")")
before_some=$(ino "$(page_of "$some")")
echo "缓存测试追加的一段文字。" >>"$content/$some"
step "one document edited"
grep -q "缓存测试追加的一段文字" "$(page_of "$some")"
tap_ok $? "its page shows the edit"
[ "$(ino "$(page_of "$some")")" != "$before_some" ]
tap_ok $? "its page was written anew"
[ "$(ino "$(page_of "$other")")" = "$before_other" ]
tap_ok $? "an unchanged page keeps its inode"
hb -q -j 1 && hb -j 1 && uptodate
tap_ok $? "no change: up to date"
for i in 1 2 3; do
	echo "第${i}次追加。" >>"$content/$other"
	step "edit $i of another document, right after the last build"
done
git -C "$repo" mv "site/$some" "site/${some%.md}-moved.md"
step "a document renamed"
commit "更名" 2025-02-10T10:00:00+08:00
step "the rename committed"
rm "$content/$other"
step "a document removed"
git -C "$repo" checkout -q -- "site/$other"
step "and restored"
step "with --date" --date 2020-01-01
step "with --history none" --history none
step "back to the defaults"
tap_done
