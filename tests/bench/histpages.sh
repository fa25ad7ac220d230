#!/usr/bin/env bash
# tests/bench/histpages.sh - how much of a build goes into the version
# history (not part of the test suite).  A repository of DOCS documents and
# COMMITS commits is generated as in tests/bench/history.sh (1-5 documents
# changed per commit, some renamed or deleted), then the site is built with
# and without history, and history_load (the walk the build does) is timed
# on the same repository.  Prints wall-clock and CPU (user + system) times;
# fails if the history walk takes 10% or more of the build's CPU time.
#
#   tests/bench/histpages.sh [DOCS [COMMITS]]     defaults 10000 2000
set -euo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)
DOCS=${1:-10000}
COMMITS=${2:-2000}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/huibian-bench.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$TMP"

make -s -C "$TOP/generator" >/dev/null
OBJS=$(ls "$TOP"/generator/build/*.o | grep -v '/main\.o$')
# shellcheck disable=SC2086
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I"$TOP/generator" \
	$(pkg-config --cflags libgit2) -o "$TMP/history_bench" \
	"$TOP/tests/bench/history_bench.c" $OBJS \
	$(make -s -C "$TOP/generator" libs)
HUIBIAN="$TOP/generator/build/huibian"

repo="$TMP/repo"
git init -q "$repo"
git -C "$repo" symbolic-ref HEAD refs/heads/main
"$TMP/history_bench" gen "$DOCS" "$COMMITS" | git -C "$repo" fast-import --quiet
git -C "$repo" checkout -q -f main
printf 'title: 基准测试\nbase_url: https://example.org/\n' >"$repo/content/site.yaml"

# timed OUT CMD...: run CMD (stdout to OUT), print "wall cpu" seconds
timed() {
	local o=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$TMP/time" "$@" >"$o"
	awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$TMP/time"
}
# build NAME ARGS...: build into $TMP/NAME, print "wall cpu" seconds
build() {
	local name=$1
	shift
	rm -rf "${TMP:?}/$name"
	timed /dev/null "$HUIBIAN" build -q --no-cache --content "$repo/content" --out "$TMP/$name" \
		--date 2024-06-30 "$@" 2>"$TMP/$name.err" || { head "$TMP/$name.err" >&2; exit 1; }
}
pct() { echo "100 * ($1) / ($2)" | bc -l; }

"$TMP/history_bench" load "$repo/content" >/dev/null # warm the page cache
read -r walk walk_cpu < <(timed "$TMP/walk" "$TMP/history_bench" load "$repo/content")
read -r _ commits _ versions _ <"$TMP/walk"
read -r none none_cpu < <(build none --history=none)
read -r full full_cpu < <(build full)
pages=$(find "$TMP/full" -name history.html -o -name 'v-*.html' -o -name 'diff-*.html' | wc -l)
printf 'repository: %d documents at HEAD, %d commits (%d touching documents), %d versions\n' \
	"$(find "$repo/content" -name '*.md' | wc -l)" "$COMMITS" "$commits" "$versions"
printf '                          wall s   cpu s\n'
printf 'build --history=none     %7.2f %7.2f\n' "$none" "$none_cpu"
printf 'build with history       %7.2f %7.2f   (%d history, version and diff pages)\n' \
	"$full" "$full_cpu" "$pages"
printf '  history walk           %7.2f %7.2f   = %4.1f%% of the build (cpu: %4.1f%%)\n' \
	"$walk" "$walk_cpu" "$(pct "$walk" "$full")" "$(pct "$walk_cpu" "$full_cpu")"
printf '  history pages, notes   %7.2f %7.2f   = %4.1f%% of the build\n' \
	"$(echo "$full - $none - $walk" | bc -l)" "$(echo "$full_cpu - $none_cpu - $walk_cpu" | bc -l)" \
	"$(pct "$full - $none - $walk" "$full")"
# CPU time decides: wall time on a shared machine depends on the neighbours.
if [ "$(echo "$(pct "$walk_cpu" "$full_cpu") >= 10" | bc)" -eq 1 ]; then
	echo "FAIL: the history walk takes 10% or more of the build's CPU time"
	exit 1
fi
echo "ok"
