# tests/cache/lib-cache.sh - sourced by tests/cache/*.t after tests/lib.sh
# and tap_tmpdir: a git repository in $TAP_TMP/repo whose site/ folder is a
# copy of tests/fixtures/mini (one commit), and helpers that build it with
# the cache ($TAP_TMP/cache) into $TAP_TMP/public and compare the result
# with a build of the same inputs without the cache.
export GIT_CONFIG_NOSYSTEM=1 HOME="$TAP_TMP/home" GIT_TERMINAL_PROMPT=0
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE SOURCE_DATE_EPOCH
mkdir -p "$HOME"
repo="$TAP_TMP/repo"
content="$repo/site"
out="$TAP_TMP/public"
cache="$TAP_TMP/cache"
log="$TAP_TMP/log"

# commit MESSAGE [DATE]: commit everything.
commit() {
	local date=${2:-2024-03-01T10:00:00+08:00}
	git -C "$repo" add -A &&
		GIT_AUTHOR_NAME=张三 GIT_AUTHOR_EMAIL=a@example.org GIT_AUTHOR_DATE="$date" \
			GIT_COMMITTER_NAME=张三 GIT_COMMITTER_EMAIL=a@example.org \
			GIT_COMMITTER_DATE="$date" git -C "$repo" commit -q --allow-empty -m "$1"
}
git init -q "$repo" && git -C "$repo" symbolic-ref HEAD refs/heads/main
cp -r "$HUIBIAN_TOP/tests/fixtures/mini" "$content"
commit "收录示例汇编" 2024-01-10T10:00:00+08:00

# hb [OPTION...]: build with the cache; messages in $log; the exit status.
hb() { "$HUIBIAN" build --content "$content" --out "$out" --cache "$cache" "$@" >"$log" 2>&1; }
# ref [OPTION...]: the same build without the cache into $TAP_TMP/ref.
ref() {
	rm -rf "$TAP_TMP/ref"
	"$HUIBIAN" build -q --no-cache --content "$content" --out "$TAP_TMP/ref" "$@" 2>/dev/null
}
uptodate() { grep -q "is up to date" "$log"; }
# The record of the output folder (there is one).
record() { ls "$cache"/site-*; }
# rebuilt NAME [OPTION...]: after a change, the build runs (not "up to
# date"), publishes the same site as a build without the cache, and the
# build after it is up to date.
rebuilt() {
	local name=$1 rc
	shift
	hb "$@"
	rc=$?
	[ $rc -eq 0 ] && ! uptodate
	tap_ok $? "$name: the build runs" || sed 's/^/# /' "$log" | head -5
	ref "$@" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
	tap_ok $? "$name: the site equals a build without the cache" ||
		sed 's/^/# /' "$TAP_TMP/diff" | head -5
	hb "$@" && uptodate
	tap_ok $? "$name: the next build is up to date"
}
# snap: a listing of every entry of the published site with its inode,
# mtime and ctime (to prove that nothing was written).
snap() { (cd "$out" && find . -printf '%p %i %T@ %C@ %s\n' | LC_ALL=C sort); }
# step NAME [OPTION...]: build with the cache (-v; the options in the
# array opts first, when the test sets one); the site equals a build
# without the cache with the same options.
step() {
	local name=$1
	shift
	hb -v "${opts[@]}" "$@"
	tap_ok $? "$name: the build succeeds" || sed 's/^/# /' "$log" | head -5
	ref "${opts[@]}" "$@" && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
	tap_ok $? "$name: the site equals a build without the cache" ||
		sed 's/^/# /' "$TAP_TMP/diff" | head -8
}
