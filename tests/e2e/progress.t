#!/usr/bin/env bash
# What a build tells the person waiting for it: a progress line redrawn in
# place on a terminal only, nothing but errors with -q, the phase times
# with -v, and the final summary line.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
mini="$HUIBIAN_TOP/tests/fixtures/mini"
esc=$(printf '\033')

# Not a terminal (stderr is a file): the summary line, no redrawn line.
"$HUIBIAN" build --content "$mini" --out "$TAP_TMP/a" --date 2024-06-30 --history=none \
	2>"$TAP_TMP/err"
tap_ok $? "the mini site builds"
grep -Eq '^huibian: built [0-9]+ documents, [0-9]+ measures into .*: [0-9]+ files written \([0-9.]+ MB\), [0-9]+ unchanged \([0-9]+ of them not rendered again\), [0-9.]+ s$' \
	"$TAP_TMP/err"
tap_ok $? "a summary line: documents, measures, files, bytes, seconds" || sed 's/^/# /' "$TAP_TMP/err"
! grep -q "[$(printf '\r')$esc]" "$TAP_TMP/err"
tap_ok $? "no carriage return or terminal escape when stderr is not a terminal"
[ "$(wc -l <"$TAP_TMP/err")" -eq 1 ]
tap_ok $? "one line in all"

# -q: a clean build prints nothing.
"$HUIBIAN" build -q --content "$mini" --out "$TAP_TMP/a" --date 2024-06-30 --history=none \
	2>"$TAP_TMP/err"
tap_ok $? "builds with -q"
[ ! -s "$TAP_TMP/err" ]
tap_ok $? "-q prints nothing" || sed 's/^/# /' "$TAP_TMP/err"

# -v: every phase once, in pipeline order, with its wall and CPU time.
# phases FILE: the phase names of the -v lines of a build's messages.
phases() {
	sed -n 's/^huibian: \(.*[a-z]\) *[0-9]*\.[0-9]* s wall *[0-9]*\.[0-9]* s CPU$/\1/p' "$1"
}
"$HUIBIAN" build -v --no-cache --content "$mini" --out "$TAP_TMP/a" --date 2024-06-30 \
	--history=none 2>"$TAP_TMP/err"
tap_ok $? "builds with -v"
phases "$TAP_TMP/err" >"$TAP_TMP/phases"
printf '%s\n' config scan parse link extract history index render "history pages" views search \
	static publish >"$TAP_TMP/want"
diff -u "$TAP_TMP/want" "$TAP_TMP/phases" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "-v: one line per phase, in order"
tail -n 1 "$TAP_TMP/err" | grep -q '^huibian: built '
tap_ok $? "-v: the summary comes last"

# With the cache: checked first, saved last; then nothing else to do.
"$HUIBIAN" build -v --cache "$TAP_TMP/cache" --content "$mini" --out "$TAP_TMP/c" \
	--date 2024-06-30 --history=none 2>"$TAP_TMP/err"
phases "$TAP_TMP/err" | sed -n '1p;$p' | tr '\n' , >"$TAP_TMP/phases"
[ "$(cat "$TAP_TMP/phases")" = "cache,cache save," ]
tap_ok $? "-v with the cache: the cache phase first, cache save last" ||
	sed 's/^/# /' "$TAP_TMP/phases"
"$HUIBIAN" build -v --cache "$TAP_TMP/cache" --content "$mini" --out "$TAP_TMP/c" \
	--date 2024-06-30 --history=none 2>"$TAP_TMP/err"
[ "$(phases "$TAP_TMP/err")" = cache ] && tail -n 1 "$TAP_TMP/err" | grep -q ' is up to date: '
tap_ok $? "-v when up to date: the cache phase only, then the up-to-date line" ||
	sed 's/^/# /' "$TAP_TMP/err"

# check -v has the phases up to index and no writing phase.
"$HUIBIAN" check -v --content "$mini" --date 2024-06-30 2>"$TAP_TMP/err"
tap_ok $? "check -v"
! grep -Eq '^huibian: (render|publish) ' "$TAP_TMP/err" && grep -Eq '^huibian: extract ' "$TAP_TMP/err"
tap_ok $? "check -v times the checking phases only"

# A terminal: script(1) gives the build a pseudo-terminal.  The demo
# content with the whole history takes several tenths of a second: the
# line is drawn at least once, counts documents and pages, and is erased
# before the summary.
if command -v script >/dev/null 2>&1; then
	cmd="'$HUIBIAN' build --content '$HUIBIAN_TOP/content' --out '$TAP_TMP/b' --history=all -j 1"
	script -qec "$cmd" "$TAP_TMP/tty" >/dev/null 2>&1
	tap_ok $? "builds on a terminal"
	tr '\r' '\n' <"$TAP_TMP/tty" >"$TAP_TMP/lines"
	grep -Eq "^${esc}\[Khuibian: (parse|extract), [0-9]+/[0-9]+ documents, [0-9.]+ s" "$TAP_TMP/lines"
	tap_ok $? "the progress line: phase, documents done out of the total, seconds" ||
		head -c 2000 "$TAP_TMP/tty" | cat -v | sed 's/^/# /'
	grep -Eq "^${esc}\[Khuibian: (render|views|history pages|search), [0-9]+ pages written, [0-9.]+ s" "$TAP_TMP/lines"
	tap_ok $? "the progress line counts the pages written"
	# Each terminal line (\r\n-terminated) may hold progress drawings, each
	# after "\r ESC[K"; what stays visible at its end must not be one, and
	# the summary is printed once.
	python3 - "$TAP_TMP/tty" <<'PY'
import sys
text = open(sys.argv[1], "rb").read().decode("utf-8", "replace")
visible = [l.split("\r")[-1] for l in text.replace("\r\n", "\n").split("\n")]
summary = [v for v in visible if v.lstrip("\033[K").startswith("huibian: built ")]
left = [v for v in visible if v not in summary and ("pages written" in v or " documents, " in v)]
sys.exit(0 if not left and len(summary) == 1 else 1)
PY
	tap_ok $? "the line is erased before anything else is printed, and before the summary"
	script -qec "$cmd -q" "$TAP_TMP/tty" >/dev/null 2>&1
	! grep -q "pages written\|built " "$TAP_TMP/tty"
	tap_ok $? "-q on a terminal: no progress line and no summary"
else
	echo "# script(1) is missing (Debian package bsdutils): terminal checks skipped"
fi
tap_done
