#!/usr/bin/env bash
# A write error or a full disk fails the build with a clear message and
# keeps the previous site: first with a file size limit (ulimit -f), then
# on a real 2 MiB tmpfs that the site does not fit in (mounted in a private
# mount namespace when the machine allows it: root, or unprivileged user
# namespaces).
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
content="$HUIBIAN_TOP/content"
cache="$TAP_TMP/cache"
sums() { (cd "$1" && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2); }

"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/site" --history=none --cache "$cache"
sums "$TAP_TMP/site" >"$TAP_TMP/before"
(ulimit -f 40 && exec "$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/site" \
	--history=none --date 2099-01-01 --cache "$cache") 2>"$TAP_TMP/err"
rc=$?
tap_ok $((rc == 1 ? 0 : 1)) "a file over the size limit fails the build (exit $rc)"
grep -qE "error: cannot write file: File too large" "$TAP_TMP/err"
tap_ok $? "with a clear message" || sed 's/^/# /' "$TAP_TMP/err" | head -5
sums "$TAP_TMP/site" | cmp -s - "$TAP_TMP/before"
tap_ok $? "the previous site is unchanged"
! ls -a "$TAP_TMP" | grep -q '^\.site\.tmp-'
tap_ok $? "the temporary folder is removed"

# A real full disk: a 2 MiB tmpfs holding an old, smaller site.
mkdir -p "$TAP_TMP/disk"
cat >"$TAP_TMP/full.sh" <<SCRIPT
set -e
mount -t tmpfs -o size=2m tmpfs "$TAP_TMP/disk"
"$HUIBIAN" build -q --content "$HUIBIAN_TOP/tests/fixtures/mini" --out "$TAP_TMP/disk/site" --history=none --no-cache
(cd "$TAP_TMP/disk/site" && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2) >"$TAP_TMP/small.sum"
set +e
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/disk/site" --history=none --no-cache 2>"$TAP_TMP/full.err"
echo \$? >"$TAP_TMP/full.rc"
(cd "$TAP_TMP/disk/site" && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2) >"$TAP_TMP/after.sum"
ls -a "$TAP_TMP/disk" >"$TAP_TMP/disk.ls"
# The cache folder on the full disk, the site elsewhere: the site is
# published, the record cannot be saved (a warning, exit 0).
mkdir "$TAP_TMP/disk/cache"
cat /dev/zero >"$TAP_TMP/disk/filler" 2>/dev/null
"$HUIBIAN" build --content "$HUIBIAN_TOP/tests/fixtures/mini" --out "$TAP_TMP/site2" --history=none \
	--cache "$TAP_TMP/disk/cache" >"$TAP_TMP/cachefull.err" 2>&1
echo \$? >"$TAP_TMP/cachefull.rc"
ls -a "$TAP_TMP/disk/cache" >"$TAP_TMP/cachefull.ls"
SCRIPT
if [ "$(id -u)" -eq 0 ]; then ns="unshare -m"; else ns="unshare -rm"; fi
if $ns true 2>/dev/null; then
	$ns bash "$TAP_TMP/full.sh"
	[ "$(cat "$TAP_TMP/full.rc")" = 1 ]
	tap_ok $? "a full disk fails the build"
	grep -q "No space left on device" "$TAP_TMP/full.err"
	tap_ok $? "with a clear message" || sed 's/^/# /' "$TAP_TMP/full.err" | head -5
	cmp -s "$TAP_TMP/small.sum" "$TAP_TMP/after.sum"
	tap_ok $? "the previous site on that disk is unchanged"
	! grep -q '\.tmp-' "$TAP_TMP/disk.ls"
	tap_ok $? "and no temporary folder is left on it"
	[ "$(cat "$TAP_TMP/cachefull.rc")" = 0 ] && [ -f "$TAP_TMP/site2/index.html" ] &&
		grep -q "warning: cannot save the build cache" "$TAP_TMP/cachefull.err"
	tap_ok $? "a cache folder on a full disk: the site is published, with a warning" ||
		sed 's/^/# /' "$TAP_TMP/cachefull.err" | head -5
	! grep -q 'site-' "$TAP_TMP/cachefull.ls"
	tap_ok $? "and no record nor temporary file is left in it"
else
	echo "# this machine allows no private mount namespace: the tmpfs case is not run"
fi
tap_done
