#!/usr/bin/env bash
# A build killed with SIGKILL at a random point leaves either the previous
# site or the new one, complete, never a mix; the next build removes the
# temporary folder the killed one left behind.  Builds alternate between two
# dates (different statuses, so different pages); after every kill the site
# must be exactly one of the two complete builds.  The builds use a build
# cache (a private one): a build killed after publishing but before saving
# its record must not make a later build skip work it has to do.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
cp -r "$HUIBIAN_TOP/content" "$TAP_TMP/content" # a private copy: nothing changes it meanwhile
content="$TAP_TMP/content"
sums() { (cd "$1" && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2); }
cache="$TAP_TMP/cache"
build() { "$HUIBIAN" build -q --content "$content" --out "$1" --history=none --date "$2" --cache "$cache"; }

build "$TAP_TMP/a" 2020-01-01 && sums "$TAP_TMP/a" >"$TAP_TMP/a.sum"
build "$TAP_TMP/b" 2099-01-01 && sums "$TAP_TMP/b" >"$TAP_TMP/b.sum"
cmp -s "$TAP_TMP/a.sum" "$TAP_TMP/b.sum"
tap_ok $((! $?)) "the two reference builds differ"
start=$(date +%s%N)
build "$TAP_TMP/site" 2020-01-01
ms=$((($(date +%s%N) - start) / 1000000 + 1))
echo "# a full build takes about $ms ms"

mixed=0 killed=0
for i in $(seq 1 20); do
	date=2099-01-01
	[ $((i % 2)) -eq 0 ] && date=2020-01-01
	# the binary itself in the background, so that the kill reaches it
	"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/site" --history=none --date "$date" \
		--cache "$cache" &
	pid=$!
	delay=$((RANDOM % (ms * 12 / 10 + 1)))
	sleep "$((delay / 1000)).$(printf %03d $((delay % 1000)))"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	sums "$TAP_TMP/site" >"$TAP_TMP/now.sum"
	if ! cmp -s "$TAP_TMP/now.sum" "$TAP_TMP/a.sum" && ! cmp -s "$TAP_TMP/now.sum" "$TAP_TMP/b.sum"; then
		mixed=$((mixed + 1))
		echo "# run $i (killed after $delay ms): the site is not one whole build"
	fi
done
echo "# $killed of 20 builds were killed before they finished"
tap_ok "$mixed" "after 20 builds killed at random points the site is always one whole build"
build "$TAP_TMP/site" 2020-01-01
! ls -a "$TAP_TMP" | grep -q '^\.site\.tmp-'
tap_ok $? "the next build leaves no temporary folder behind"
sums "$TAP_TMP/site" | cmp -s - "$TAP_TMP/a.sum"
tap_ok $? "and publishes a complete site"
"$HUIBIAN" build --content "$content" --out "$TAP_TMP/site" --history=none --date 2020-01-01 \
	--cache "$cache" 2>&1 | grep -q "is up to date"
tap_ok $? "the same build again is up to date"
build "$TAP_TMP/site" 2099-01-01
sums "$TAP_TMP/site" | cmp -s - "$TAP_TMP/b.sum"
tap_ok $? "the other date builds the other site, complete"
! ls -a "$cache" | grep -q '\.tmp-'
tap_ok $? "no temporary cache file is left behind"
tap_done
