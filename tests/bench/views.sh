#!/usr/bin/env bash
# tests/bench/views.sh [N] - what the views cost on a large site.
#
# Generates a content folder of N documents (default 10000) from the demo
# content (tests/bench/views-corpus.py; tests/bench/corpus* is used instead
# when present and it provides a generator taking OUT N), then builds it twice
# with --history=none: with the normal binary and with one whose views are
# stubbed out (main.c compiled with views_check/views_write renamed to
# stubs returning 0).  Prints both times (best of 2) and the overhead;
# exits 1 when the views add 20% or more.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-10000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/huibian-views-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

make -s -C "$top/generator" >/dev/null
build="$top/generator/build"
pkgs="libcmark-gfm libgit2 yaml-0.1 libutf8proc"
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
echo "generating $n documents ..."
if [ -n "$gen" ] && [ -x "$gen" ]; then
	"$gen" "$tmp/content" "$n"
else
	python3 "$top/tests/bench/views-corpus.py" "$tmp/content" "$n"
fi

# best wall time of 2 builds, in seconds
best() {
	local bin=$1 t best=
	for _ in 1 2; do
		rm -rf "$tmp/out"
		/usr/bin/time -o "$tmp/time" -f %e "$bin" build -q --content "$tmp/content" --templates "$top/templates" --static "$top/static" \
			--out "$tmp/out" --date 2025-06-30 --history=none 2>/dev/null
		t=$(tail -1 "$tmp/time")
		if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
	done
	echo "$best"
}
without=$(best "$tmp/huibian-noviews")
with=$(best "$build/huibian")
rm -rf "$tmp/out"
"$build/huibian" build -q --content "$tmp/content" --out "$tmp/out" --date 2025-06-30 \
	--history=none 2>/dev/null
pages=$(find "$tmp/out/departments" "$tmp/out/measures" "$tmp/out/timeline" -name '*.html' | wc -l)
measures=$(($(python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))))' "$tmp/out/data/measures.csv") - 1))
size=$(du -sh "$tmp/out/measures/index.html" | cut -f1)
awk -v a="$without" -v b="$with" -v n="$n" -v p="$pages" -v m="$measures" -v s="$size" 'BEGIN {
	pct = a > 0 ? (b - a) / a * 100 : 0
	printf "documents %d, measures %d, view pages %d (measures/index.html %s)\n", n, m, p, s
	printf "build without views %.2f s, with views %.2f s: the views add %.1f%% (limit 20%%)\n", a, b, pct
	exit pct < 20 ? 0 : 1 }'
