#!/usr/bin/env bash
# Each folder of tests/fixtures/broken/ is a site with exactly one problem
# and a file `expect` holding its location: `huibian check` must exit 1 and
# report exactly one error, at that path:line:col; `huibian build` must
# refuse to publish.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
for dir in "$HUIBIAN_TOP"/tests/fixtures/broken/*/; do
	name=$(basename "$dir")
	want=$(cat "$dir/expect")
	out=$("$HUIBIAN" check --content "${dir%/}" 2>&1)
	rc=$?
	tap_ok $((rc == 1 ? 0 : 1)) "$name: check exits 1 (got $rc)"
	grep -qF -- "${dir%/}/$want" <<<"$out"
	tap_ok $? "$name: error at $want"
	[ "$(grep -c ': error: ' <<<"$out")" -eq 1 ]
	tap_ok $? "$name: exactly one error" || sed 's/^/# /' <<<"$out"
	"$HUIBIAN" build -q --content "${dir%/}" --out "$TAP_TMP/$name-out" >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 1 ] && [ ! -e "$TAP_TMP/$name-out" ]
	tap_ok $? "$name: build exits 1 and writes nothing"
done
tap_done
