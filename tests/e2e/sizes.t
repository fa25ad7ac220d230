#!/usr/bin/env bash
# Pathological sizes (cmark's pathological cases and more): each builds in
# bounded time and memory, or fails with a clear path:line:col error.  The
# limits below only catch a hang or a blow-up (speed is measured by the
# benchmarks); under the sanitizer build the inputs are smaller.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
scale=1
case "$HUIBIAN_BUILD" in *asan*) scale=5 ;; esac
python3 - "$TAP_TMP" "$scale" <<'PY'
import os, sys
root, scale = sys.argv[1], int(sys.argv[2])
def site(name, body, fm="title: 测试\n"):
    os.makedirs(f"{root}/{name}/c", exist_ok=True)
    open(f"{root}/{name}/site.yaml", "w").write("title: t\n")
    open(f"{root}/{name}/c/a.md", "w").write("---\n" + fm + "---\n" + body)
site("big", ("这是一段很长的政策文本。" * 40 + "\n\n") * (42000 // scale))   # 50 MB
site("headings", "".join(f"## 第{i}条\n\n内容\n\n" for i in range(1, 100001 // scale)))
n = 10000 // scale
site("wide", "|" + "|".join(f"c{i}" for i in range(n)) + "|\n|" + "-|" * n + "\n|" + "x|" * n + "\n")
site("nested", "".join("  " * i + "- a\n" for i in range(5000 // scale)))
site("quotes", ">" * 100000 + " x\n")
site("line", "字" * 350000 + "\n")                                           # 1 MB, one line
site("emph", "*a **a " * 30000 + "\n")
site("brackets", "[a](" * 50000 + "\n")
site("measures", "".join(f"第{i}项。\n\n<!-- measure topics=\"t\" -->\n\n" for i in range(1, 20000 // scale + 1)))
site("bomb", "x\n", fm="title: t\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
     "b: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\n")
PY
for name in big headings wide nested quotes line emph brackets measures; do
	/usr/bin/time -f "%e %M" -o "$TAP_TMP/$name.time" timeout 300 \
		"$HUIBIAN" build -q --content "$TAP_TMP/$name" --out "$TAP_TMP/out-$name" --history=none \
		2>"$TAP_TMP/$name.err"
	rc=$?
	read -r secs kb <"$TAP_TMP/$name.time" 2>/dev/null
	tap_ok $((rc == 0 ? 0 : 1)) "$name: builds (exit $rc, ${secs:-?} s, $((${kb:-0} / 1024)) MB)" ||
		sed 's/^/# /' "$TAP_TMP/$name.err" | head -5
done
[ -s "$TAP_TMP/out-big/c/a/index.html" ] && grep -q '这是一段很长的政策文本' "$TAP_TMP/out-big/c/a/index.html"
tap_ok $? "the big document's page has its text"
[ "$(grep -o '<section class="measure"' "$TAP_TMP/out-measures/c/a/index.html" | wc -l)" -eq $((20000 / scale)) ]
tap_ok $? "every one of the $((20000 / scale)) measures is shown"
"$HUIBIAN" check --content "$TAP_TMP/bomb" 2>"$TAP_TMP/bomb.err"
[ $? -eq 1 ] && grep -q "c/a.md:4:[0-9]*: error: YAML aliases" "$TAP_TMP/bomb.err"
tap_ok $? "a YAML alias bomb is refused at its first alias" || sed 's/^/# /' "$TAP_TMP/bomb.err"
head -c 70000000 /dev/zero | tr '\0' 'x' >"$TAP_TMP/big/c/huge.md"
"$HUIBIAN" check --content "$TAP_TMP/big" 2>"$TAP_TMP/huge.err"
[ $? -eq 1 ] && grep -q "huge.md:1:1: error: file is larger than 64 MiB" "$TAP_TMP/huge.err"
tap_ok $? "a document over 64 MiB is refused with a clear error" || sed 's/^/# /' "$TAP_TMP/huge.err"
tap_done
