#!/usr/bin/env bash
# tests/bench/views.sh [N | CONTENT_DIR] - what the views cost on a large site.
#
# With a directory argument, builds that content folder (it is only read);
# otherwise generates a content folder of N documents (default 10000) from
# the demo content (tests/bench/views-corpus.py; tests/bench/corpus* is used
# instead when present and it provides a generator taking OUT N).  Builds it
# with -j 1 --history=none: with the normal binary and with one whose views
# are stubbed out (main.c compiled with views_check/views_write renamed to
# stubs returning 0).  Prints both CPU times (user + system, best of
# BENCH_RUNS builds each, default 3, taking turns: the machine may be
# shared, so wall times are noisy), the overhead and the largest view page;
# exits 1 when the views add 20% or more.
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

gen=$(ls "$top"/tests/bench/corpus* 2>/dev/null | head -1 || true)
if [ -z "$content" ]; then
	content="$tmp/content"
	echo "generating $n documents ..."
	if [ -n "$gen" ] && [ -x "$gen" ]; then
		"$gen" "$content" "$n"
	else
		python3 "$top/tests/bench/views-corpus.py" "$content" "$n"
	fi
fi

# CPU time (user + system) of one build, in seconds
cpu() {
	rm -rf "$tmp/out"
	/usr/bin/time -o "$tmp/time" -f '%U %S' "$1" build -q -j 1 --no-cache --content "$content" \
		--templates "$top/templates" --static "$top/static" \
		--out "$tmp/out" --date 2025-06-30 --history=none 2>/dev/null
	tail -1 "$tmp/time" | awk '{ print $1 + $2 }'
}
# the best of $runs builds of each binary, the two taking turns (so that a
# change of the machine's load affects both alike)
runs=${BENCH_RUNS:-3}
without= with=
for _ in $(seq "$runs"); do
	t=$(cpu "$tmp/huibian-noviews")
	if [ -z "$without" ] || awk "BEGIN{exit !($t < $without)}"; then without=$t; fi
	t=$(cpu "$build/huibian")
	if [ -z "$with" ] || awk "BEGIN{exit !($t < $with)}"; then with=$t; fi
done
rm -rf "$tmp/out"
"$build/huibian" build -q --content "$content" --templates "$top/templates" \
	--static "$top/static" --out "$tmp/out" --date 2025-06-30 --history=none 2>/dev/null
pages=$(find "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" -name '*.html' | wc -l)
measures=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))' "$tmp/out/data/measures.csv") - 1))
# the largest view page
size=$(find "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" -name '*.html' \
	-printf '%s %p\n' | sort -n | tail -1 | sed "s|$tmp/out/||" |
	awk '{ printf "%.1f MB %s", $1 / 1e6, $2 }')
awk -v a="$without" -v b="$with" -v n="$n" -v p="$pages" -v m="$measures" -v s="$size" 'BEGIN {
	pct = a > 0 ? (b - a) / a * 100 : 0
	printf "documents %d, measures %d, view pages %d (largest: %s)\n", n, m, p, s
	printf "build CPU time without views %.2f s, with views %.2f s: the views add %.1f%% (limit 20%%)\n", a, b, pct
	exit pct < 20 ? 0 : 1 }'
