#!/usr/bin/env bash
# tests/bench/history.sh - benchmark of history_load (not part of the test
# suite): repositories with DOCS documents and 1,000 / COMMITS commits
# (1-5 files changed each) are generated with `git fast-import` in a
# temporary folder, then history_load is timed on each.  Prints the figures
# and fails if doubling the commits more than triples the CPU time (it
# should roughly double: the walk is linear in the commits).
#
#   tests/bench/history.sh [DOCS [COMMITS]]     defaults 10000 2000
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DOCS=${1:-10000}
COMMITS=${2:-2000}
HALF=$((COMMITS / 2))
TMP=$(mktemp -d "${TMPDIR:-/tmp}/huibian-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

make -s -C "$TOP/generator" build/history.o >/dev/null
OBJS=$(ls "$TOP"/generator/build/*.o | grep -v '/main\.o$')
# shellcheck disable=SC2086
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$TOP/generator" \
	$(pkg-config --cflags libgit2) -o "$TMP/history_bench" \
	"$TOP/tests/bench/history_bench.c" $OBJS \
	$(make -s -C "$TOP/generator" libs)

make_repo() { # make_repo DIR COMMITS
	git init -q "$1"
	git -C "$1" symbolic-ref HEAD refs/heads/main
	mkdir -p "$1/content"
	"$TMP/history_bench" gen "$DOCS" "$2" | git -C "$1" fast-import --quiet
}

for n in "$HALF" "$COMMITS"; do
	t0=$(date +%s.%N)
	make_repo "$TMP/r$n" "$n"
	echo "generated $DOCS documents, $n commits in $(echo "$(date +%s.%N) - $t0" | bc) s"
done

for n in "$HALF" "$COMMITS"; do
	"$TMP/history_bench" load "$TMP/r$n/content" >/dev/null # warm the page cache
	read -r s c d v cpu < <("$TMP/history_bench" load "$TMP/r$n/content")
	printf 'first-parent %5d commits: walk %.3f s (cpu %.3f s), %d commits listed, %d docs, %d versions, %.0f commits/cpu s\n' \
		"$n" "$s" "$cpu" "$c" "$d" "$v" "$(echo "$n / $cpu" | bc -l)"
	eval "T$n=$cpu"
done
read -r s c d v cpu < <("$TMP/history_bench" load "$TMP/r$COMMITS/content" all)
printf 'all parents  %5d commits: walk %.3f s (cpu %.3f s)\n' "$COMMITS" "$s" "$cpu"

eval "a=\$T$HALF b=\$T$COMMITS"
ratio=$(echo "$b / $a" | bc -l)
printf 'cpu time ratio %d/%d commits: %.2f (linear: about 2)\n' "$COMMITS" "$HALF" "$ratio"
if [ "$(echo "$ratio > 3" | bc)" -eq 1 ]; then
	echo "FAIL: history_load does not scale linearly"
	exit 1
fi
echo "ok"
