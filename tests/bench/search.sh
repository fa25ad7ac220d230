#!/usr/bin/env bash
# search.sh [N] - benchmark of the search index (not part of the test
# suite): a synthetic corpus of N (10,000) documents from the seed texts
# (tests/import/seeds, or SEEDS=DIR),
# index build time, size on disk against the text, bytes typical queries
# download, and query latency in headless chromium when available.
# Needs `make -C generator tests` first.  Work files in tests/bench/work/.
#
# SITE=DIR search.sh: the figures of the search index of a site built
# already (e.g. `HUIBIAN_TIMING=1 huibian build --content
# /work/bench-corpora/corpus-10000-s1/content --out DIR`, which prints the
# time and sizes of the index): its size and the query figures.
#
# Method of the figures below: the 10,000-document corpus above (96,856
# entries with the measures, 196,019,579 bytes of indexed text), built with
# HUIBIAN_TIMING=1 into a fresh folder, the old and the new binary one
# after the other, twice; then SITE=DIR search.sh.  The machine has 2 cores
# and was shared with other 10,000-document builds (load 3-5): CPU times
# are steadier than wall times; browser times vary by about ±40 ms.
#
# 2026-11-22, before (commit b17e34b) → after:
#   search stage CPU      6.9-8.7 s → 5.7-6.1 s (wall 4.6-8.7 s → 4.3-5.9 s)
#   files written         5,464 → 3,695 (text chunks of 16 KB, not 8: a
#                         file costs 0.3-0.5 ms of kernel time here)
#   index size            119.8 MB → 119.7 MB, 61 % of the text (manifest
#                         4.4 MB, shards 60.6 MB, texts 54.7 MB)
#   first 5 results, bytes beyond the manifest: median 1.08 MB (27 files)
#                         → 0.77 MB (11 files); most 3.3 → 4.2 MB
#                         (豫政办〔2020〕15号: no entry has that phrase, so
#                         MAXCHECK texts are read)
#   browser, typed → first results: median 261-464 ms → 80-146 ms, worst
#                         613-862 ms → 322-600 ms (the same 文号 query)
# Where the search stage's CPU goes now (perf, one thread): tokenising and
# counting about 3.4 s, coding the texts (LZ) 1.2 s, creating the files
# 1-1.5 s of kernel time, manifest 0.2 s.
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
seeds="${SEEDS:-$HUIBIAN_TOP/tests/import/seeds}"
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
