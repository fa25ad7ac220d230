# tests/lib.sh - sourced by every shell test (*.t, run by prove).
#
# HUIBIAN_TOP   the repository's top folder
# HUIBIAN_BUILD the build folder to test (default generator/build; build.sh
#               test also runs the suite against generator/build-asan)
# HUIBIAN       the huibian binary of that build
HUIBIAN_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${HUIBIAN_BUILD:=$HUIBIAN_TOP/generator/build}"
HUIBIAN="$HUIBIAN_BUILD/huibian"
: "${MUSTACHE_SPEC_DIR:=$HUIBIAN_TOP/../shared/mustache-spec}"
export HUIBIAN_TOP HUIBIAN_BUILD HUIBIAN MUSTACHE_SPEC_DIR

# run_unit NAME: exec the C unit test binary tests/unit/NAME.c built by
# `make -C generator tests`; a missing binary is a failure, not a skip.
run_unit() {
	local bin="$HUIBIAN_BUILD/tests/$1"
	if [ ! -x "$bin" ]; then
		echo "Bail out! $bin is not built (run ./build.sh test)"
		exit 1
	fi
	exec "$bin"
}

# TAP helpers for shell tests.
TAP_N=0
TAP_FAILED=0
tap_ok() { # tap_ok STATUS NAME...
	local st=$1
	shift
	TAP_N=$((TAP_N + 1))
	if [ "$st" -eq 0 ]; then
		echo "ok $TAP_N - $*"
	else
		echo "not ok $TAP_N - $*"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
	return "$st"
}
tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ]
}
# A fresh temporary folder removed at exit.
tap_tmpdir() {
	TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/huibian-test.XXXXXX")
	trap 'rm -rf "$TAP_TMP"' EXIT
}
