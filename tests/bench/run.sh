#!/usr/bin/env bash
# tests/bench/run.sh [N...] - the performance benchmark of huibian (default
# N = 1000 10000).  For each N: generate (or reuse) a corpus of N documents
# with tests/bench/corpus.py in tests/bench/work/, then print the median of
# RUNS runs (wall time, CPU time, peak RSS from /usr/bin/time) of
#   - huibian build into a fresh output folder with an empty cache,
#   - huibian build again with no change (the cache finds nothing to do),
#   - the same without the cache (--no-cache: every page rendered again),
#   - huibian build again after editing one document (uncommitted edit;
#     after one untimed build with the cache, as the --no-cache builds
#     replaced the site it recorded),
#   - cmark-gfm -e table on the same Markdown bodies (one file: all bodies
#     concatenated, front matter removed; pinned to one core),
#   - hugo --quiet on the same corpus with enableGitInfo (when hugo is
#     installed),
# the ratios huibian/cmark-gfm and huibian/hugo, and the time ratio between
# successive N.  A table of everything is printed at the end.  See README.md.
#
# Environment: RUNS (default 3), SEED (default 1), HUIBIAN (default
# generator/huibian, built with make -C generator), BENCH_WORK (default
# tests/bench/work), NO_HUGO=1 to skip Hugo, NO_CMARK=1 to skip cmark-gfm.
# Not part of ./build.sh test: this prints figures, it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-3}
SEED=${SEED:-1}
WORK=${BENCH_WORK:-$ROOT/tests/bench/work}
HUIBIAN=${HUIBIAN:-$ROOT/generator/huibian}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

# need CMD PKG: install Debian package PKG when CMD is missing (as root),
# else stop with the apt-get line.
need() {
	[ -x "$1" ] || command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -ne 0 ]; then
		die "$1 is missing; install it with: sudo apt-get install -y $2"
	fi
	say "installing $2"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >&2
}

need /usr/bin/time time
need python3 python3
need git git
[ -n "${NO_CMARK:-}" ] || need cmark-gfm cmark-gfm
HAVE_HUGO=
[ -n "${NO_HUGO:-}" ] || ! command -v hugo >/dev/null 2>&1 || HAVE_HUGO=1
PIN=()
command -v taskset >/dev/null 2>&1 && PIN=(taskset -c 0)
if [ "$HUIBIAN" = "$ROOT/generator/huibian" ]; then
	say "make -C generator"
	make -s -C generator -j"$(nproc 2>/dev/null || echo 2)" >&2
fi
[ -x "$HUIBIAN" ] || die "no huibian binary at $HUIBIAN"
mkdir -p "$WORK"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || true)

declare -A R # R[N,key,field] = median; fields wall cpu rss

# timed OUTFILE CMD...: run CMD under /usr/bin/time, append
# "wall cpu rss_kb" to OUTFILE; stop on failure.
timed() {
	local out=$1 t
	shift
	t=$(mktemp)
	if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$t.out" 2>&1; then
		cat "$t.out" >&2
		rm -f "$t" "$t.out"
		die "failed: $*"
	fi
	# the last line: GNU time may prepend "Command exited..." lines
	tail -n 1 "$t" | awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' >>"$out"
	rm -f "$t" "$t.out"
}

# record N KEY FILE: store the medians of FILE's columns and print them.
record() {
	local n=$1 key=$2 f=$3 col i v
	for i in 1 2 3; do
		v=$(awk -v c=$i '{ print $c }' "$f" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
		case $i in 1) col=wall ;; 2) col=cpu ;; 3) col=rss ;; esac
		R[$n,$key,$col]=$v
	done
	say "$(printf 'N=%s %-10s runs: %s | median wall %ss cpu %ss rss %s MB' "$n" "$key" \
		"$(awk '{ printf "%s%ss/%dMB", (NR > 1 ? ", " : ""), $1, $3 / 1024 }' "$f")" \
		"${R[$n,$key,wall]}" "${R[$n,$key,cpu]}" "$((${R[$n,$key,rss]} / 1024))")"
	rm -f "$f"
}

# corpus N: path of the (cached) corpus of N documents, regenerated when
# corpus.py, the source texts or the parameters changed.
corpus() {
	local n=$1 dir="$WORK/corpus-$1-s$SEED" stamp
	stamp=$( (sha256sum tests/bench/corpus.py; cat content/*/*.md | sha256sum;
		echo "$n $SEED") | sha256sum | cut -c1-16)
	if [ -f "$dir.stamp" ] && [ "$(cat "$dir.stamp")" = "$stamp" ] && [ -d "$dir/content" ]; then
		say "reusing $dir"
	else
		rm -f "$dir.stamp" "$dir.bodies.md"
		say "generating $dir"
		python3 tests/bench/corpus.py --docs "$n" --seed "$SEED" --out "$dir" --force >&2
		echo "$stamp" >"$dir.stamp"
	fi
	printf '%s\n' "$dir"
}

# bodies DIR: one Markdown file of every body of DIR/content (front matter
# removed), concatenated in path order with a blank line between them.
bodies() {
	local f="$1.bodies.md"
	[ -s "$f" ] || python3 - "$1/content" "$f" <<'EOF'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(src) for f in fs if f.endswith(".md"))
with open(dst + ".tmp", "wb") as out:
	for p in files:
		t = open(p, "rb").read()
		if t.startswith(b"---\n"):
			e = t.find(b"\n---\n", 4)
			t = t[e + 5:] if e >= 0 else t
		out.write(t.rstrip(b"\n") + b"\n\n")
os.rename(dst + ".tmp", dst)
EOF
	printf '%s\n' "$f"
}

# hugo_site DIR: make DIR (the corpus repository) a Hugo site: config and
# minimal layouts, outside content/ and not committed.
hugo_site() {
	local d=$1
	mkdir -p "$d/layouts/_default"
	cat >"$d/hugo.toml" <<'EOF'
baseURL = "https://example.org/"
languageCode = "zh-CN"
title = "huibian benchmark corpus"
enableGitInfo = true
buildFuture = true
buildExpired = true
[taxonomies]
  topic = "topics"
  issuer = "issuers"
EOF
	cat >"$d/layouts/_default/single.html" <<'EOF'
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><p>{{ .Params.number }}{{ with .GitInfo }} · {{ .AuthorDate.Format "2006-01-02" }} {{ .Subject }}{{ end }}</p>
<nav>{{ .TableOfContents }}</nav>{{ .Content }}</body></html>
EOF
	cat >"$d/layouts/_default/list.html" <<'EOF'
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.number }}</li>{{ end }}</ul></body></html>
EOF
	cp "$d/layouts/_default/list.html" "$d/layouts/index.html"
}

# discard DIR: move DIR, and the previous site huibian keeps beside it
# (.DIR.prev), out of the way (deleting a site of 10,000 documents takes
# minutes on a slow disk: done untimed by empty_trash), so that a full
# build starts from nothing.
discard() {
	local d prev
	prev="$(dirname "$1")/.$(basename "$1").prev"
	for d in "$1" "$prev"; do
		[ -e "$d" ] || continue
		mkdir -p "$WORK/trash"
		mv "$d" "$(mktemp -d "$WORK/trash/XXXXXX")/"
	done
}
empty_trash() { rm -rf "$WORK/trash"; }

# bench N: every measurement for N documents.
bench() {
	local n=$1 dir out f doc saved i md cache
	dir=$(corpus "$n")
	out="$WORK/out-$n"
	cache="$WORK/cache-$n"
	f=$(mktemp)
	R[$n,docs]=$(find "$dir/content" -name '*.md' ! -name _index.md | wc -l)
	R[$n,mb]=$(du -sb --apparent-size "$dir/content" | awk '{ printf "%.1f", $1 / 1e6 }')
	R[$n,commits]=$(git -C "$dir" rev-list --count HEAD)
	say "N=$n: ${R[$n,docs]} documents, ${R[$n,mb]} MB, ${R[$n,commits]} commits"

	for ((i = 1; i <= RUNS; i++)); do
		discard "$out"
		discard "$cache"
		timed "$f" "$HUIBIAN" build --content "$dir/content" --out "$out" --cache "$cache" -q
	done
	record "$n" full "$f"
	for ((i = 1; i <= RUNS; i++)); do
		timed "$f" "$HUIBIAN" build --content "$dir/content" --out "$out" --cache "$cache" -q
	done
	record "$n" nochange "$f"
	for ((i = 1; i <= RUNS; i++)); do
		timed "$f" "$HUIBIAN" build --content "$dir/content" --out "$out" --no-cache -q
	done
	record "$n" nocache "$f"
	# the --no-cache builds replaced the site the cache recorded: one build
	# with the cache (not timed) records it again, as after any build a
	# publisher makes, so that the edits below start from that state
	"$HUIBIAN" build --content "$dir/content" --out "$out" --cache "$cache" -q
	# edit one document: append a sentence to its last paragraph
	doc=$(find "$dir/content" -name '*.md' ! -name _index.md | LC_ALL=C sort | awk 'NR == 1')
	saved=$(mktemp)
	cp "$doc" "$saved"
	for ((i = 1; i <= RUNS; i++)); do
		cp "$saved" "$doc"
		printf '本文件于基准测试中修改（第%d次）。\n' "$i" >>"$doc"
		timed "$f" "$HUIBIAN" build --content "$dir/content" --out "$out" --cache "$cache" -q
	done
	cp "$saved" "$doc"
	rm -f "$saved"
	record "$n" edit1 "$f"

	if [ -z "${NO_CMARK:-}" ]; then
		md=$(bodies "$dir")
		R[$n,cmark_mb]=$(stat -c %s "$md" | awk '{ printf "%.1f", $1 / 1e6 }')
		for ((i = 1; i <= RUNS; i++)); do
			timed "$f" sh -c 'exec "$@" >/dev/null' sh "${PIN[@]}" cmark-gfm -e table "$md"
		done
		record "$n" cmark "$f"
	fi
	if [ -n "$HAVE_HUGO" ]; then
		hugo_site "$dir"
		for ((i = 1; i <= RUNS; i++)); do
			discard "$WORK/out-hugo-$n"
			timed "$f" hugo --quiet -s "$dir" -d "$WORK/out-hugo-$n" \
				--cacheDir "$WORK/hugo-cache"
		done
		record "$n" hugo "$f"
		R[$n,hugo_pages]=$(find "$WORK/out-hugo-$n" -name '*.html' | wc -l)
	fi
	R[$n,pages]=$(find "$out" -name '*.html' | wc -l)
	rm -f "$f"
	say "deleting the old outputs"
	empty_trash
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }

# The table of every figure.
report() {
	local n key label prev=
	printf '\nhuibian benchmark, %s, %s cores, %s runs each (medians), seed %s\n' \
		"$(date +%Y-%m-%d)" "$(nproc)" "$RUNS" "$SEED"
	printf 'load average (1, 5, 15 min) at the start: %s, at the end: %s\n' "$LOAD_START" \
		"$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
	printf 'huibian %s; cmark-gfm %s; hugo %s\n\n' "$("$HUIBIAN" --version 2>/dev/null | awk 'NR == 1')" \
		"$(cmark-gfm --version 2>/dev/null | awk 'NR == 1 { print $2 }')" \
		"$([ -n "$HAVE_HUGO" ] && hugo version | awk '{ print $2 }' || echo 'not run')"
	printf '%-7s %-44s %9s %9s %10s\n' N measurement 'wall s' 'CPU s' 'peak RSS'
	for n in "${SIZES[@]}"; do
		printf '%-7s corpus: %s documents, %s MB Markdown, %s commits; site: %s HTML pages\n' \
			"$n" "${R[$n,docs]}" "${R[$n,mb]}" "${R[$n,commits]}" "${R[$n,pages]}"
		for key in full nochange nocache edit1 cmark hugo; do
			[ -n "${R[$n,$key,wall]:-}" ] || continue
			case $key in
			full) label="huibian build, fresh output folder" ;;
			nochange) label="huibian rebuild, no change" ;;
			nocache) label="huibian rebuild, no change, --no-cache" ;;
			edit1) label="huibian rebuild, one document edited" ;;
			cmark) label="cmark-gfm -e table, ${R[$n,cmark_mb]} MB bodies, 1 core" ;;
			hugo) label="hugo --quiet, enableGitInfo (${R[$n,hugo_pages]} pages)" ;;
			esac
			printf '%-7s %-44s %9s %9s %7s MB\n' "$n" "$label" "${R[$n,$key,wall]}" \
				"${R[$n,$key,cpu]}" "$((${R[$n,$key,rss]} / 1024))"
		done
		[ -z "${R[$n,cmark,wall]:-}" ] || printf '%-7s %-44s %9s %9s\n' "$n" \
			"ratio huibian build / cmark-gfm" "$(ratio "${R[$n,full,wall]}" "${R[$n,cmark,wall]}")" \
			"$(ratio "${R[$n,full,cpu]}" "${R[$n,cmark,cpu]}")"
		[ -z "${R[$n,hugo,wall]:-}" ] || printf '%-7s %-44s %9s %9s\n' "$n" \
			"ratio huibian build / hugo" "$(ratio "${R[$n,full,wall]}" "${R[$n,hugo,wall]}")" \
			"$(ratio "${R[$n,full,cpu]}" "${R[$n,hugo,cpu]}")"
	done
	for n in "${SIZES[@]}"; do
		if [ -n "$prev" ]; then
			printf '%-7s %-44s %9s %9s\n' "$prev→$n" "time ratio, huibian build" \
				"$(ratio "${R[$n,full,wall]}" "${R[$prev,full,wall]}")" \
				"$(ratio "${R[$n,full,cpu]}" "${R[$prev,full,cpu]}")"
			printf '%-7s %-44s %9s %9s\n' "$prev→$n" "time ratio, rebuild no change" \
				"$(ratio "${R[$n,nochange,wall]}" "${R[$prev,nochange,wall]}")" \
				"$(ratio "${R[$n,nochange,cpu]}" "${R[$prev,nochange,cpu]}")"
			printf '%-7s %-44s %9s %9s\n' "$prev→$n" "time ratio, rebuild one edit" \
				"$(ratio "${R[$n,edit1,wall]}" "${R[$prev,edit1,wall]}")" \
				"$(ratio "${R[$n,edit1,cpu]}" "${R[$prev,edit1,cpu]}")"
		fi
		prev=$n
	done
}

empty_trash # left over by an interrupted run
for n in "${SIZES[@]}"; do
	case $n in '' | *[!0-9]*) die "usage: tests/bench/run.sh [N...] (N a number of documents)" ;; esac
	bench "$n"
done
report
