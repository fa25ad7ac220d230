#!/usr/bin/env bash
# The demo site built under valgrind: no memory error and no definite leak
# (--error-exitcode makes either fail).  Also `check` and an import of a
# real compilation.  An ASan binary cannot run under valgrind, so the run
# against the sanitizer build checks the normal build's binary instead.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
bin="$HUIBIAN"
case "$HUIBIAN_BUILD" in *asan*) bin="$HUIBIAN_TOP/generator/build/huibian" ;; esac
if ! command -v valgrind >/dev/null; then
	echo "Bail out! valgrind is not installed (./build.sh test installs it)"
	exit 1
fi
vg() { valgrind --leak-check=full --errors-for-leak-kinds=definite --error-exitcode=99 -q "$@"; }

vg "$bin" build -q --content "$HUIBIAN_TOP/content" --out "$TAP_TMP/site" 2>"$TAP_TMP/vg.build"
tap_ok $? "build of the demo site: no memory error, no definite leak" || sed 's/^/# /' "$TAP_TMP/vg.build" | head -40
vg "$bin" check --content "$HUIBIAN_TOP/tests/fixtures/hostile" 2>"$TAP_TMP/vg.check"
tap_ok $? "check of the hostile fixture" || sed 's/^/# /' "$TAP_TMP/vg.check" | head -40
vg "$bin" check --content "$HUIBIAN_TOP/tests/fixtures/broken/yaml-syntax" 2>"$TAP_TMP/vg.broken"
tap_ok $(($? == 1 ? 0 : 1)) "check of a broken site exits 1 cleanly" || sed 's/^/# /' "$TAP_TMP/vg.broken" | head -40
mkdir -p "$TAP_TMP/imp"
vg "$bin" import "$HUIBIAN_TOP/tests/import/seeds/henan-gazette-2025-08.txt" --out "$TAP_TMP/imp/x" \
	>/dev/null 2>"$TAP_TMP/vg.import"
tap_ok $? "import of a real compilation" || sed 's/^/# /' "$TAP_TMP/vg.import" | head -40
tap_done
