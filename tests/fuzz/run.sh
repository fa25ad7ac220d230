#!/usr/bin/env bash
# tests/fuzz/run.sh - build and run the libFuzzer harnesses (tests/fuzz/*.c).
#
#   tests/fuzz/run.sh check          is clang with libFuzzer usable? (exit 3 if not)
#   tests/fuzz/run.sh build          build every harness into tests/fuzz/build/
#   tests/fuzz/run.sh replay [T...]  run each harness once over its seed corpus
#                                    and its regression inputs (regress/<T>/)
#   tests/fuzz/run.sh SECONDS [T...] build, then fuzz each harness for SECONDS
#
# T names a harness (frontmatter, measure, mustache, import, search, chardiff,
# build); default: all.  Environment:
#   FUZZ_CC     the compiler (default: clang, else clang-14)
#   FUZZ_JOBS   harnesses fuzzed at the same time (default 1)
#   FUZZ_BUILD  build folder (default tests/fuzz/build)
#   FUZZ_ARGS   extra libFuzzer flags
#   FUZZ_CFLAGS extra compiler flags (e.g. -fsanitize-recover=... together with
#               FUZZ_UBSAN_OPTIONS=...:suppressions=FILE to get past a known
#               bug while it is being fixed); FUZZ_ASAN_OPTIONS likewise
#
# The generator's modules (generator/*.c except main.c) are compiled with
# the same flags as the harnesses: -fsanitize=fuzzer-no-link,address,undefined
# (linked with -fsanitize=fuzzer,address,undefined), UBSan non-recoverable,
# LeakSanitizer on.  New corpus units go to FUZZ_BUILD/corpus/<T>/ (the seeds in
# corpus/<T>/ are only read); crash inputs to FUZZ_BUILD/artifacts/<T>/; the
# output of each run to FUZZ_BUILD/logs/<T>.log.  Exit status: 0, 1 if any
# harness crashed (the artifact and the log are named), 2 usage, 3 no clang.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
GEN="$TOP/generator"
: "${FUZZ_BUILD:=$HERE/build}"
: "${FUZZ_JOBS:=1}"
: "${FUZZ_ARGS:=}"
: "${FUZZ_CFLAGS:=}"
ALL_TARGETS=(frontmatter measure mustache import search chardiff build)

# Largest input per harness (the seeds are cut to fit).
max_len() {
	case "$1" in
	import | build) echo 16384 ;;
	frontmatter) echo 8192 ;;
	measure) echo 1024 ;;
	*) echo 4096 ;;
	esac
}

find_cc() {
	if [ -n "${FUZZ_CC:-}" ]; then
		echo "$FUZZ_CC"
	elif command -v clang >/dev/null 2>&1; then
		echo clang
	elif command -v clang-14 >/dev/null 2>&1; then
		echo clang-14
	fi
}

# check: can we build a libFuzzer binary at all?
check() {
	local cc t
	cc=$(find_cc)
	if [ -z "$cc" ]; then
		echo "run.sh: clang not found; install the Debian packages clang libclang-rt-14-dev" >&2
		return 3
	fi
	t=$(mktemp -d "${TMPDIR:-/tmp}/hbfuzz-check.XXXXXX")
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
		>"$t/c.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$t/c" "$t/c.c" >"$t/log" 2>&1; then
		echo "run.sh: $cc cannot link -fsanitize=fuzzer,address,undefined" \
			"(install the Debian package libclang-rt-14-dev):" >&2
		cat "$t/log" >&2
		rm -rf "$t"
		return 3
	fi
	rm -rf "$t"
}

CC_=""
CSTD="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
SAN="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
PKGS="$(sed -n "s/^PKGS := //p" "$GEN/Makefile")" # the same as the Makefile

# compile SRC OBJ: one translation unit, if OBJ is older than it or any header.
compile() {
	local src=$1 obj=$2 extra=$3 h
	if [ -f "$obj" ] && [ "$obj" -nt "$src" ] && [ "$obj" -nt "$GEN/VERSION" ]; then
		for h in "$GEN"/*.h; do
			[ "$obj" -nt "$h" ] || { rm -f "$obj"; break; }
		done
		[ -f "$obj" ] && return 0
	fi
	# shellcheck disable=SC2086
	"$CC_" $CSTD $SAN -fsanitize=fuzzer-no-link -Wall -Wextra -pedantic -Wno-unused-parameter \
		$extra $FUZZ_CFLAGS $(pkg-config --cflags $PKGS) -DHUIBIAN_VERSION="\"$(cat "$GEN/VERSION")\"" \
		-I"$GEN" -c -o "$obj" "$src"
}

build() {
	local src obj objs=() t libs pids=() p fail=0
	check || exit 3
	CC_=$(find_cc)
	mkdir -p "$FUZZ_BUILD/obj"
	# other compiler or flags: rebuild everything
	if [ "$(cat "$FUZZ_BUILD/obj/flags" 2>/dev/null)" != "$CC_ $SAN $FUZZ_CFLAGS" ]; then
		rm -f "$FUZZ_BUILD"/obj/*.o
		echo "$CC_ $SAN $FUZZ_CFLAGS" >"$FUZZ_BUILD/obj/flags"
	fi
	for src in "$GEN"/*.c; do
		[ "$(basename "$src")" = main.c ] && continue
		obj="$FUZZ_BUILD/obj/$(basename "${src%.c}").o"
		objs+=("$obj")
		compile "$src" "$obj" "" &
		pids+=($!)
		if [ ${#pids[@]} -ge 2 ]; then
			wait "${pids[0]}" || fail=1
			pids=("${pids[@]:1}")
		fi
	done
	for p in "${pids[@]}"; do wait "$p" || fail=1; done
	[ "$fail" -eq 0 ] || { echo "run.sh: compiling generator/ failed" >&2; exit 1; }
	libs="$(pkg-config --libs $PKGS) -lcmark-gfm-extensions -lpthread"
	for t in "${ALL_TARGETS[@]}"; do
		obj="$FUZZ_BUILD/obj/fuzz_$t.o"
		compile "$HERE/fuzz_$t.c" "$obj" "-Werror -DFUZZ_ROOT=\"$TOP\""
		if [ ! -x "$FUZZ_BUILD/fuzz_$t" ] || [ "$obj" -nt "$FUZZ_BUILD/fuzz_$t" ] ||
			[ -n "$(find "$FUZZ_BUILD/obj" -newer "$FUZZ_BUILD/fuzz_$t" -name '*.o')" ]; then
			# shellcheck disable=SC2086
			"$CC_" $SAN -fsanitize=fuzzer -o "$FUZZ_BUILD/fuzz_$t" "$obj" "${objs[@]}" $libs
		fi
	done
}

export ASAN_OPTIONS="${FUZZ_ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${FUZZ_UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

# replay T: every seed and regression input once; 0 or 1.
replay_one() {
	local t=$1 dirs=() d
	for d in "$HERE/corpus/$t" "$HERE/regress/$t"; do
		[ -d "$d" ] && [ -n "$(ls -A "$d")" ] && dirs+=("$d")
	done
	[ ${#dirs[@]} -gt 0 ] || { echo "replay $t: no inputs"; return 0; }
	mkdir -p "$FUZZ_BUILD/logs" "$FUZZ_BUILD/artifacts/$t"
	if "$FUZZ_BUILD/fuzz_$t" -runs=0 -max_len=1048576 -timeout=25 \
		-artifact_prefix="$FUZZ_BUILD/artifacts/$t/" "${dirs[@]}" \
		>"$FUZZ_BUILD/logs/$t.replay.log" 2>&1; then
		echo "replay $t: ok ($(grep -o 'INITED.*' "$FUZZ_BUILD/logs/$t.replay.log" | head -1))"
	else
		echo "replay $t: FAILED, see $FUZZ_BUILD/logs/$t.replay.log"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$FUZZ_BUILD/logs/$t.replay.log" | head -5
		return 1
	fi
}

# fuzz T SECONDS: one harness; 0 or 1.
fuzz_one() {
	local t=$1 secs=$2 log dict=() seeds=()
	log="$FUZZ_BUILD/logs/$t.log"
	mkdir -p "$FUZZ_BUILD/corpus/$t" "$FUZZ_BUILD/artifacts/$t" "$FUZZ_BUILD/logs"
	[ -f "$HERE/$t.dict" ] && dict=("-dict=$HERE/$t.dict")
	[ -d "$HERE/corpus/$t" ] && seeds+=("$HERE/corpus/$t")
	[ -d "$HERE/regress/$t" ] && seeds+=("$HERE/regress/$t")
	# shellcheck disable=SC2086
	if "$FUZZ_BUILD/fuzz_$t" -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=25 \
		-rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$FUZZ_BUILD/artifacts/$t/" \
		"${dict[@]}" $FUZZ_ARGS "$FUZZ_BUILD/corpus/$t" "${seeds[@]}" >"$log" 2>&1; then
		echo "fuzz $t: ok, $(summary "$log")"
	else
		echo "fuzz $t: CRASHED, see $log"
		grep -E '^==.*ERROR|SUMMARY|runtime error|Test unit written|deadly signal|timeout' \
			"$log" | head -8
		return 1
	fi
}

# The final statistics of a log in one line.
summary() {
	local log=$1 cov ft execs rate
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
	rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
	echo "execs=${execs:-?} exec/s=${rate:-?} cov=${cov:-?} ft=${ft:-?}"
}

# run_all FUNC ARGS -- TARGETS: FUNC for each target, FUZZ_JOBS at a time.
run_all() {
	local fn=$1 arg=$2 t pids=() p fail=0
	shift 2
	for t in "$@"; do
		"$fn" "$t" $arg &
		pids+=($!)
		if [ ${#pids[@]} -ge "$FUZZ_JOBS" ]; then
			wait "${pids[0]}" || fail=1
			pids=("${pids[@]:1}")
		fi
	done
	for p in "${pids[@]}"; do wait "$p" || fail=1; done
	return "$fail"
}

targets() {
	local t
	if [ $# -eq 0 ]; then
		echo "${ALL_TARGETS[@]}"
		return
	fi
	for t in "$@"; do
		[ -f "$HERE/fuzz_$t.c" ] || { echo "run.sh: no harness '$t'" >&2; exit 2; }
	done
	echo "$@"
}

case "${1:-}" in
check)
	check
	;;
build)
	build
	;;
replay)
	shift
	T=$(targets "$@")
	build
	# shellcheck disable=SC2086
	run_all replay_one "" $T
	;;
'' | -h | --help)
	sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
	[ -n "${1:-}" ] || exit 2
	;;
*)
	case "$1" in *[!0-9]*)
		echo "run.sh: SECONDS must be a number (see run.sh --help)" >&2
		exit 2
		;;
	esac
	SECS=$1
	shift
	T=$(targets "$@")
	build
	# shellcheck disable=SC2086
	run_all fuzz_one "$SECS" $T
	;;
esac
