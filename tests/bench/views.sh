#!/usr/bin/env bash
# tests/bench/views.sh [N | CONTENT_DIR] - what the views cost on a large site.
#
# With a directory argument, builds that content folder (it is only read);
# otherwise the corpus of N documents (default 10000) that run.sh made in
# tests/bench/work/, or a new one from tests/bench/corpus.py (seed 1, in a
# temporary folder: a git repository with its history).  Builds it
# with the normal binary and with one whose views are stubbed out (main.c
# compiled with views_check/views_write renamed to stubs returning 0), in
# two ways: as the site is built (history from git, -j the number of CPUs),
# and lean (-j 1 --history=none, where the views weigh the most).  Prints
# for each the CPU time (user + system) and the wall time, each the best of
# BENCH_RUNS builds (default 3, the two binaries taking turns: the machine
# may be shared), and the overhead; then the size of the views' output and
# the largest view page.  Exits 1 when the views add 20% or more to the
# full build's CPU time.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10000}
content=
if [ -d "$n" ]; then
	content=$(cd "$n" && pwd)
	n=$(find "$content" -name '*.md' ! -name '_index.md' | wc -l)
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/huibian-views-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top/generator" >/dev/null
build="$top/generator/build"
# the libraries of the Makefile (PKGS := …), so this link follows it
pkgs=$(sed -n 's/^PKGS := //p' "$top/generator/Makefile")
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 $(pkg-config --cflags $pkgs)"
cflags="$cflags -DHUIBIAN_VERSION=\"$(cat "$top/generator/VERSION" 2>/dev/null || echo 0.0.0)\""
cat >"$tmp/stub.c" <<'C'
struct site; struct diag; struct pages;
int views_nocheck(const struct site *s, struct diag *d);
int views_nowrite(const struct pages *p);
int views_nocheck(const struct site *s, struct diag *d) { (void)s; (void)d; return 0; }
int views_nowrite(const struct pages *p) { (void)p; return 0; }
C
cc $cflags -I"$top/generator" -Dviews_check=views_nocheck -Dviews_write=views_nowrite \
	-c "$top/generator/main.c" -o "$tmp/main.o"
cc $cflags -c "$tmp/stub.c" -o "$tmp/stub.o"
objs=$(ls "$build"/*.o | grep -v '/main\.o$')
# shellcheck disable=SC2086
cc -o "$tmp/huibian-noviews" "$tmp/main.o" "$tmp/stub.o" $objs $(pkg-config --libs $pkgs) \
	-lcmark-gfm-extensions -lpthread

if [ -z "$content" ]; then
	# the corpus of run.sh when it made one of this size, else a new one
	content="$top/tests/bench/work/corpus-$n-s1/content"
	if [ ! -d "$content" ]; then
		echo "generating $n documents ..."
		python3 "$top/tests/bench/corpus.py" --docs "$n" --seed 1 --out "$tmp/corpus" >/dev/null
		content="$tmp/corpus/content"
	fi
fi

# One build: prints "CPU WALL" in seconds (CPU = user + system).  Every
# build writes a folder of its own, and they are removed only after each
# set: creating files on ext4 right after deleting many costs a scan of the
# recently deleted inodes, which made back-to-back figures swing by a third.
build_once() { # BINARY OUT-NAME OPTIONS...
	local bin=$1 name=$2
	shift 2
	/usr/bin/time -o "$tmp/time" -f '%U %S %e' "$bin" build -q --no-cache --content "$content" \
		--templates "$top/templates" --static "$top/static" \
		--out "$tmp/out.$name" --date 2025-06-30 "$@" 2>/dev/null
	tail -1 "$tmp/time" | awk '{ print $1 + $2, $3 }'
}
# measure LABEL OPTIONS...: the best of $runs builds of each binary, the
# two taking turns (so that a change of the machine's load affects both
# alike); prints the CPU and wall figures and sets $pct_cpu.
runs=${BENCH_RUNS:-3}
measure() {
	local label=$1 slug i t cw= ww= c= wl=
	shift
	slug=$(printf '%s' "$label" | tr -c 'a-z0-9' '_')
	for i in $(seq "$runs"); do
		t=$(build_once "$tmp/huibian-noviews" "$slug-$i-without" "$@")
		cw=$(best "$cw" "${t% *}") ww=$(best "$ww" "${t#* }")
		t=$(build_once "$build/huibian" "$slug-$i-with" "$@")
		c=$(best "$c" "${t% *}") wl=$(best "$wl" "${t#* }")
		echo "  $label, round $i: best so far $cw s CPU without views, $c s with" >&2
	done
	rm -rf "$tmp"/out.*
	pct_cpu=$(awk -v a="$cw" -v b="$c" 'BEGIN { printf "%.1f", (b - a) / a * 100 }')
	awk -v l="$label" -v a="$cw" -v b="$c" -v x="$ww" -v y="$wl" 'BEGIN {
		printf "%s: CPU %.2f s without views, %.2f s with: +%.1f%%; wall %.2f s, %.2f s: +%.1f%%\n",
			l, a, b, (b - a) / a * 100, x, y, (y - x) / x * 100 }'
}
best() { # the smaller of $1 (may be empty) and $2
	if [ -z "$1" ] || awk "BEGIN{exit !($2 < $1)}"; then echo "$2"; else echo "$1"; fi
}

"$build/huibian" build -q --content "$content" --templates "$top/templates" \
	--static "$top/static" --out "$tmp/out" --no-cache --date 2025-06-30 --history=none 2>/dev/null
pages=$(find "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" -name '*.html' | wc -l)
measures=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))' "$tmp/out/data/measures.csv") - 1))
views_mb=$(du -cm "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" "$tmp/out/data" \
	"$tmp/out/feed.xml" | tail -1 | cut -f1)
# the largest view page
size=$(find "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" -name '*.html' \
	-printf '%s %p\n' | sort -n | tail -1 | sed "s|$tmp/out/||" |
	awk '{ printf "%.1f MB %s", $1 / 1e6, $2 }')
rm -rf "$tmp/out"
echo "documents $n, measures $measures, view pages $pages (largest: $size), views output $views_mb MB"

# The site as it is built: history from git, -j the number of CPUs (the
# issue's measure: "adds less than 20% to the build time without them").
measure "full build"
full=$pct_cpu
# A stricter one: one thread and no history, so that the views weigh more.
measure "-j 1 --history=none" -j 1 --history=none
echo "the views add $full% to the full build's CPU time (limit 20%), $pct_cpu% to the lean one's"
awk -v p="$full" 'BEGIN { exit p < 20 ? 0 : 1 }'
