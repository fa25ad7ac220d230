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
# Where the search stage's CPU went then (perf, one thread): tokenising and
# counting about 3.4 s, coding the texts (LZ) 1.2 s, creating the files
# 1-1.5 s of kernel time, manifest 0.2 s.
#
# 2026-12-03, before (commit 99b2150) → after, the same files byte for byte
# (diff -r of search/ at 1,000 and 10,000 documents, -j 1 and 2); real
# builds (HUIBIAN_TIMING=1 huibian build -v --no-cache, default -j 2) of
# /work/main/tests/bench/work/corpus-{1000,10000}-s1, the old and the new
# binary one after the other, load 1.7-2.8 on the 2 cores:
#   10,000: search stage CPU 7.3, 6.6 s → 5.6, 4.9 s (4.3, 4.4 s in single
#           runs of two earlier commits of the change); wall 4.7, 4.1 s →
#           3.5, 4.8 s (the wall time is mostly waiting for the other
#           builds); postings step (tokenising and merging) 2.8, 2.1 s →
#           1.0, 2.3 s wall; texts 1.1 s → 1.5 s wall
#   1,000:  search stage CPU 1.06, 0.99, 1.14 s → 0.83, 0.90, 0.95 s; wall
#           0.73, 0.67, 0.83 s → 0.53, 0.57, 0.59 s
#   files   3,673 (1,024 shards, 2,647 chunks) and 118.6 MB, unchanged
#   page faults of the stage (now printed): 17,000-18,600 at 10,000
#           documents, 10,000-11,000 at 1,000; a fault costs 10-25 us of
#           kernel time on this virtual machine, so memory touched once
#           is CPU time
# The index build alone (search_index_build, one thread, best of 3, no
# files): 4.4-5.5 s → 2.0-2.3 s.  What changed: keys as an array
# (searchtok_keys) with the normaliser's table of the code points below
# U+10000, terms looked up and counted with prefetching, postings appended
# per term (staged in the term's cache line of counts) instead of records
# sorted afterwards, shards written from the parts' postings (no merged
# copy), as many parts as threads, UTF-8 decoding inline and lengths eight
# bytes at a time, shards and text chunks written on both threads.  Where
# the CPU goes now (perf, 10,000, one thread): tokenising and counting
# about 2 s (terms_of_keys, count_terms, fast_path, flush), coding the
# texts about 1 s (put_coded, lz), creating and writing the 3,673 files
# and the page faults most of the rest (the sys time of a driver run,
# which also reads the corpus, is 3-4 s of its 8-9 s).  Under 1 s would
# need fewer files (CHUNK_BYTES, the shard size: a trade against the bytes
# a query downloads) and less fresh memory.
#
# 2026-12-04, static/search.js only (the same index: /tmp site built from
# tests/bench/work/corpus-10000-s1 at commit 736036a).  The browser figure is
# now typed → first results shown with nothing subtracted: the page used to
# wait 150 ms for more typing (loading the query's shards meanwhile) and the
# figure left those 150 ms out; it now searches on every change of the text
# (not on the letters an input method shows while composing; a newer query
# stops the older one from loading texts), so what a reader waits is the
# figure itself.
#   before: median 155 ms + the 150 ms wait (so 305 ms from the key), worst
#           797 + 150 ms; again (all loaded) 11-513 ms, 专精特新 193 ms
#   after:  median 191, 212, 248 ms in three runs, worst 557-782 ms; again
#           10-93 ms except the 文号 query (437-468 ms), 专精特新 48-60 ms
# What changed: a bigram's postings are found by scanning its group (no
# split of groups of thousands of keys), the lists are intersected by
# galloping search (no dense array of every entry per term), a text that
# has the phrase as written is not compacted to check it, and a snippet
# compacts only a window around the phrase.  Engine time in node, files
# read beforehand (median of the 10 queries): 57-60 → 50 ms.  What is left
# of a fresh query is loading scripts from file:// (4-30 ms each, 26 ms for
# 8 at once): its shards, then one or more rounds of text chunks.
#
# 2026-12-07, number keys (50366d1): "40号" and "40号2024" indexed for a
# number before 号 (searchtok.h), so 豫政办〔2020〕15号 looks up 豫政, 政办 and
# "15号2020" instead of 2020, 15 and every key that starts with 号.  Another
# machine than above; SITE= a fresh build of corpus-10000-s1, before → after:
#   豫政办〔2020〕15号   699 hits, 125 files (4.07 MB) read for its first 5
#                      results (96 texts checked for the phrase) → 1 hit, 4
#                      files (0.81 MB); browser 424 ms → 64 ms
#   the 10 queries     browser median 107 ms → 98 ms, worst 424 → 154 ms
#   index              118.56 → 118.73 MB (63,568 terms, not 61,628)
# Then static/search.js only: scoring reads typed arrays of every entry's
# length and status rank made once, hits are objects of one shape (class
# Hit), and the page runs the scoring and sorting code once on made-up
# lists after the index loads (Engine.warm), as the first query of a page
# otherwise runs it cold.  In node the engine's time for 数据要素 (files
# read beforehand, a fresh engine per query) 63 → 41 ms; in the browser,
# old and new search.js alternating on one site, three runs each: median
# 106, 107, 98 ms → 101, 102, 85 ms; worst 151, 141, 134 → 135, 141, 120 ms.
#
# 2026-12-07, the latency of a first query (commits 33b2908..b809d0f).
# Corpus tests/bench/corpus.py --docs 10000 --seed 1, built with
# `huibian build --no-cache` by the binary of d12b4b7 and by the new one
# into fresh folders, alternately; then SITE=<site> search.sh on each,
# alternately, four times (the machine's 2 cores shared with two other
# engineers' builds and tests: load 3.2-7.6 during the browser runs).
# Where a first query's time went, from chromium traces and marks in a
# copy of search.js: one round of shard scripts (20-50 ms, more with
# bytes: a bigram of a frequent character loaded its whole group, up to
# 964 KB), then one of 8 text chunks (15-30 ms, mostly per file), and
# 20-40 ms of main-thread work in between: checking every hit of every
# chunk loaded (7-28 ms), comparing objects to sort 12,000-19,000 hits
# (3-10 ms), replaceState (0.4-15 ms) while the shards were on their way,
# normalising the first few hundred characters of the snippets through
# NFKC and Unicode property tests (4-5 ms in node), compiling code the
# warm-up had not run (3.6-6.6 ms).
#   browser, typed → first results: median 96, 109, 106, 93 ms → 73, 71,
#           70, 62 ms; worst 166, 166, 151, 116 → 91, 82, 122, 84 ms; all
#           40 first queries: median 94 → 66 ms, 90th percentile 146 →
#           90 ms.  Per query (median of 4): 四港联动 95 → 59, 数据要素 99
#           → 64, 豫政办〔2020〕15号 63 → 44, 职业技能竞赛 109 → 74, 中欧班列
#           104 → 57, 物流 71 → 69, 碱 62 → 39, 乡村全面振兴 106 → 73,
#           营商环境 107 → 83, 专精特新 109 → 67
#   bytes beyond the manifest for the first 5 results: median 778 KB (11
#           files) → 321 KB (8), most 1.66 MB → 0.46 MB (职业技能竞赛)
#   index   118.54 → 118.56 MB (du -sb; manifest +3 KB, shards +8 KB);
#           s/: 1,024 files → 1,137 (512 shards, 625 parts)
#   search stage (HUIBIAN_TIMING=1, seven builds each): CPU median 3.28 s
#           (3.10-3.86) → 3.41 s (3.04-4.85), wall 2.79 s (1.87-3.33) →
#           3.14 s (2.29-3.93); the step that changed, the shards, 0.097
#           s (0.059-0.127) → 0.107 s (0.071-0.223): the rest is the
#           same code, and the spread is the machine's
# What changed: settle checks only the hits a round needs and loads as
# many texts as are missing (5 files for the first 5, not 8; 160 sample
# queries: 1,477 → 1,122 text files, the same top 20), and gives up after
# at least as many texts as before (376 queries: the same top 20 but 7,
# closer to a full check in 5, never further); hits sorted as numbers in a
# Float64Array; the normal form of CJK and ASCII characters without a
# variant at once; the keys of a first character that take more than 96 KB
# cut into up to 8 parts of about 64 KB, files of their own listed in the
# manifest (searchwrite.c), so a bigram loads one part (the 541 bigrams
# of the 160 queries: the file each loads 232 → 74 KB on average, the
# largest 941 → 257 KB); the address written after the first
# results, and the rest of the page made in a later task than they are;
# warm() runs the postings, settling and checking code once.  Left: the
# two rounds themselves (a file costs 1-3 ms of the main thread, and a
# round 15-30 ms however small its files), and the major GC of the 16 MB
# heap the manifest leaves after loading: in one trace it fell in a query
# and took 29 ms of it (a smaller manifest in memory would shorten it).
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
echo "shards:        $sh bytes in $(find "$work/site/search/s" -type f | wc -l) files: $shards shards and the parts of large groups ($(pct "$sh" "$text"))"
echo "text store:    $store bytes in $chunks files ($(pct "$store" "$text"))"
echo "total written: $((man + sh + store)) bytes ($(pct $((man + sh + store)) "$text")); on disk with blocks: $disk bytes"
echo "search.js:     $(wc -c <"$HUIBIAN_TOP/static/search.js") bytes, $(gzip -9c "$HUIBIAN_TOP/static/search.js" | wc -c) gzipped"
node "$HUIBIAN_TOP/tests/bench/search-bench.js" "$work/site" || true
