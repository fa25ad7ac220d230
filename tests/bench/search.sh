#!/usr/bin/env bash
# search.sh [N] - benchmark of the search index (not part of the test
# suite): a synthetic corpus of N (10,000) documents from the seed texts,
# index build time, size on disk against the text, bytes typical queries
# download, and query latency in headless chromium when available.
# Needs `make -C generator tests` first.  Work files in tests/bench/work/.
#
# SITE=DIR search.sh: the figures of the search index of a site built
# already (e.g. `HUIBIAN_TIMING=1 huibian build --content
# /work/bench-corpora/corpus-10000-s1/content --out DIR`, which prints the
# time and sizes of the index): its size and the query figures.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$HUIBIAN_TOP/tests/search/lib.sh"
if [ -n "${SITE:-}" ]; then
	echo "site:          $SITE: $(du -sb "$SITE/search" | cut -f1) bytes in $(find "$SITE/search" -type f | wc -l) files under search/"
	echo "search.js:     $(wc -c <"$HUIBIAN_TOP/static/search.js") bytes, $(gzip -9c "$HUIBIAN_TOP/static/search.js" | wc -c) gzipped"
	exec node "$HUIBIAN_TOP/tests/bench/search-bench.js" "$SITE"
fi
n=${1:-10000}
work="$HUIBIAN_TOP/tests/bench/work/search"
seeds="${SEEDS:-$HUIBIAN_TOP/../shared/seeds}"
rm -rf "$work" && mkdir -p "$work"
if ls "$seeds"/*.txt >/dev/null 2>&1; then src=("$seeds"/*.txt); else src=("$HUIBIAN_TOP"/content/*/*.md); fi
node "$HUIBIAN_TOP/tests/bench/search-corpus.js" "$n" "${src[@]}" >"$work/corpus.txt"
build_driver "$work/driver"
best=
bestcpu=
for run in 1 2 3; do
	rm -rf "$work/site"
	read -r entries terms shards text man sh store ms chunks icpu wcpu < <("$work/driver" "$work/corpus.txt" "$work/site")
	if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
	cpu=$((icpu + wcpu))
	if [ -z "$bestcpu" ] || [ "$cpu" -lt "$bestcpu" ]; then bestcpu=$cpu bi=$icpu bw=$wcpu; fi
done
make_page "$work/site"
disk=$(du -sb "$work/site/search" | cut -f1)
files=$(find "$work/site/search" -type f | wc -l)
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
echo "corpus:        $entries documents, $text bytes of indexed UTF-8 text, $terms terms"
echo "build:         ${best} ms wall (best of 3: read corpus, index, write $files files)"
echo "               ${bestcpu} ms CPU (best of 3: ${bi} ms read and index, ${bw} ms write; the wall time includes waiting for a busy machine)"
echo "manifest.js:   $man bytes ($(pct "$man" "$text") of the text)"
echo "shards:        $sh bytes in $shards files ($(pct "$sh" "$text"))"
echo "text store:    $store bytes in $chunks files ($(pct "$store" "$text"))"
echo "total written: $((man + sh + store)) bytes ($(pct $((man + sh + store)) "$text")); on disk with blocks: $disk bytes"
echo "search.js:     $(wc -c <"$HUIBIAN_TOP/static/search.js") bytes, $(gzip -9c "$HUIBIAN_TOP/static/search.js" | wc -c) gzipped"
node "$HUIBIAN_TOP/tests/bench/search-bench.js" "$work/site" || true
