#!/usr/bin/env bash
# The memo keys of the views (generator/viewsint.h, struct vmemo): each
# group of view pages (a page of a table or list, an index page, a feed or
# data file) is keyed by what it shows, so that a rebuild renders again
# only the groups that show what an edit changed; the groups are reused
# at once while nothing the views show changed, and data/measures.csv
# copies the rows of the documents that did not change from its published
# copy (generator/viewsfile.h).  On a generated corpus of 450 documents
# (tests/bench/corpus.py: its tables and lists run over several pages),
# after each edit below the site equals a build without the cache; after an
# edit of a measure's text, exactly the view files that show that measure
# are made again.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
export GIT_CONFIG_NOSYSTEM=1 HOME="$TAP_TMP/home"
mkdir -p "$HOME"
python3 "$HUIBIAN_TOP/tests/bench/corpus.py" --docs 450 --seed 1 --out "$TAP_TMP/corpus" \
	>/dev/null || {
	echo "Bail out! tests/bench/corpus.py failed"
	exit 1
}
content="$TAP_TMP/corpus/content"
out="$TAP_TMP/public"
cache="$TAP_TMP/cache"
log="$TAP_TMP/log"
opts=(--history none --date 2024-06-30)

# step NAME: build with the cache (-v, messages in $log) and check that the
# site equals a build without the cache.
step() {
	"$HUIBIAN" build -v "${opts[@]}" --content "$content" --out "$out" --cache "$cache" \
		>"$log" 2>&1
	tap_ok $? "$1: the build succeeds" || sed 's/^/# /' "$log" | head -5
	rm -rf "$TAP_TMP/ref"
	"$HUIBIAN" build -q --no-cache "${opts[@]}" --content "$content" --out "$TAP_TMP/ref" \
		2>/dev/null && diff -r "$out" "$TAP_TMP/ref" >"$TAP_TMP/diff"
	tap_ok $? "$1: the site equals a build without the cache" ||
		sed 's/^/# /' "$TAP_TMP/diff" | head -8
}
# The groups of view pages the last step reused, and all of them.
reused() { sed -n 's/.*views: \([0-9]*\) of [0-9]* groups.*/\1/p' "$log"; }
groups() { sed -n 's/.*views: [0-9]* of \([0-9]*\) groups.*/\1/p' "$log"; }
# "C N": the last step copied the rows of C of N documents into
# data/measures.csv from its published copy (nothing when it reused it).
csv_rows() { sed -n 's/.*measures.csv: the rows of \([0-9]*\) of \([0-9]*\) documents.*/\1 \2/p' "$log"; }
# The files of the views that contain the text $1.
showing() {
	(cd "$out" && grep -rlF -- "$1" measures departments timeline data feed.xml \
		$([ -f sitemap.xml ] && echo sitemap.xml) | wc -l)
}

# edit.py ACTION FILE [ARG]: the edits below, on the first measure of FILE
# (the block before its first measure comment) or its front matter.
cat >"$TAP_TMP/edit.py" <<'PY'
import re, sys
action, path = sys.argv[1], sys.argv[2]
arg = sys.argv[3] if len(sys.argv) > 3 else ""
lines = open(path, encoding="utf-8").read().split("\n")
c = next(i for i, l in enumerate(lines) if l.startswith("<!-- measure"))
def attr(name, value):
    m = re.search(name + r'="([^"]*)"', lines[c])
    if m:
        lines[c] = lines[c].replace(m.group(0), '%s="%s、%s"' % (name, m.group(1), value))
    else:
        lines[c] = lines[c].replace("<!-- measure", '<!-- measure %s="%s"' % (name, value))
if action == "text":      # insert arg after the numbering of the measure's block
    p = max(i for i in range(c) if lines[i].strip())
    m = re.match(r"(\d+\\\. |（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、)?", lines[p])
    lines[p] = lines[p][:m.end()] + arg + lines[p][m.end():]
elif action == "topic":
    attr("topics", arg)
elif action == "dept":
    attr("depts", arg)
elif action == "drop":    # the measure comment removed
    del lines[c]
elif action == "issuer":  # arg added as the last issuer
    i = lines.index("issuers:")
    while lines[i + 1].startswith("  - "):
        i += 1
    lines.insert(i + 1, '  - "%s"' % arg)
elif action == "dates":   # signed, published and effective in year arg; expired
    for k in ("signed", "published", "effective"):
        lines = [re.sub(r"^(%s: )\d{4}" % k, r"\g<1>" + arg, l) for l in lines]
    lines.insert(lines.index("---", 1), "expires: %s-12-31" % arg)
open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
edit() { python3 "$TAP_TMP/edit.py" "$@"; }

# a: the first document whose first measure annotates a numbered paragraph
a=
for f in $(find "$content" -name '*.md' ! -name _index.md | LC_ALL=C sort); do
	if grep -q '^<!-- measure' "$f" && [ "$(grep -B2 -m1 '^<!-- measure' "$f" | head -1 |
		grep -c '^[0-9]*\\\. ')" = 1 ]; then
		a=$f
		break
	fi
done
b=$(find "$content" -name '*.md' ! -name _index.md | LC_ALL=C sort | tail -1)
[ -n "$a" ] && [ "$a" != "$b" ]
tap_ok $? "the corpus has a document with a numbered measure (${a#"$content"/})" || exit 1
slug_a=${a#"$content"/}
slug_a=${slug_a%.md}
# a topic and a department of site.yaml that a's first measure does not name
first=$(grep -m1 '^<!-- measure' "$a")
topic=$(sed -n 's/^  - name: //p' "$content/site.yaml" | while read -r t; do
	case "$first" in *"$t"*) ;; *) echo "$t" ;; esac
done | head -1)
dept=$(sed -n 's/^  \(河南省[^:]*\): .*/\1/p' "$content/site.yaml" | while read -r d; do
	case "$(cat "$a")" in *"$d"*) ;; *) echo "$d" ;; esac
done | head -1)

step "first build"
[ "$(reused)" = 0 ] && [ "$(groups)" -gt 100 ] && [ "$(csv_rows | cut -d' ' -f1)" = 0 ]
tap_ok $? "first build: every group made ($(groups))" || sed 's/^/# /' "$log"
[ "$(ls "$out"/measures/all | wc -l)" -gt 5 ] && ls -d "$out"/measures/t-*/2 "$out"/departments/d-*/2 \
	>/dev/null 2>&1
tap_ok $? "(the all-measures table, a topic and a department run over several pages)"

printf '本文件于测试中修改。\n' >>"$b"
step "a sentence appended to a document's last paragraph"
[ "$(reused)" = "$(groups)" ] && [ -z "$(csv_rows)" ]
tap_ok $? "every group of view pages reused" || sed 's/^/# /' "$log"
# the groups saved are reused only as any other: a page of the views
# removed from the published site is made again
page=$(ls "$out"/measures/all/*/index.html | sed -n 3p)
rm "$page"
printf '本文件于测试中再次修改。\n' >>"$b"
step "a page of the views removed, a sentence appended"
[ -f "$page" ] && [ "$(reused)" = "$(($(groups) - 1))" ]
tap_ok $? "that page made again, every other group reused" || sed 's/^/# /' "$log"

edit text "$a" 测试编辑甲
step "a measure's text edited"
n=$(showing 测试编辑甲)
[ "$n" -ge 4 ] && [ "$(($(groups) - $(reused)))" = "$n" ]
tap_ok $? "exactly the $n view files that show the measure are made again" ||
	sed 's/^/# /' "$log"
grep -qF 测试编辑甲 "$out"/measures/all/*/index.html && grep -qF 测试编辑甲 "$out/data/measures.csv"
tap_ok $? "the all-measures table and data/measures.csv show the edit"
rows=$(csv_rows)
[ "${rows% *}" = "$((${rows#* } - 1))" ]
tap_ok $? "data/measures.csv: the rows of every other document copied ($rows)" ||
	sed 's/^/# /' "$log"

edit topic "$a" "$topic"
step "topic $topic added to the measure"
id=$(grep -l "<h1 class=\"view-title\">$topic" "$out"/measures/t-*/index.html | head -1)
grep -rqF 测试编辑甲 "$(dirname "$id")"
tap_ok $? "the topic's pages list the measure"

edit dept "$a" "$dept"
step "department $dept added to the measure"
id=$(grep -l "<h1 class=\"view-title\">$dept" "$out"/departments/d-*/index.html | head -1)
grep -rqF 测试编辑甲 "$(dirname "$id")"
tap_ok $? "the department's pages list the measure"

edit issuer "$b" "$dept"
step "department $dept added as an issuer of another document"
grep -rqF "$(sed -n 's/^title: "\(.*\)"$/\1/p' "$b")" "$(dirname "$id")"
tap_ok $? "the department's pages list that document"

sed -i 's/^title: "/title: "测试标题乙/' "$a"
step "a document's title edited"
grep -qF 测试标题乙 "$out"/measures/all/*/index.html && grep -qF 测试标题乙 "$out/data/documents.json"
tap_ok $? "the views show the new title"

edit dates "$a" 2011
step "a document's dates moved to 2011, expired"
grep -qF 测试标题乙 "$out/timeline/2011/index.html"
tap_ok $? "the timeline has it in 2011"

mkdir -p "$content/zz-test" && cp "$a" "$content/zz-test/copy.md" &&
	sed -i 's/^title: "测试标题乙/title: "测试副本丙/; s/^number: "/number: "测试/' \
		"$content/zz-test/copy.md"
step "a document added"
grep -qF 测试副本丙 "$out/data/measures.csv"
tap_ok $? "its measures are listed"

rm "$b"
step "a document removed"

edit drop "$a"
step "a measure removed"

# The table of data/measures.csv (in what the views saved) is used only
# for the published copy it describes, unchanged.
cp "$cache"/views-* "$TAP_TMP/table"
edit text "$a" 测试编辑丁
step "a measure's text edited again"
[ "$(csv_rows | cut -d' ' -f1)" -gt 0 ]
tap_ok $? "data/measures.csv: rows copied ($(csv_rows))"
cp "$TAP_TMP/table" "$cache"/views-*
edit text "$a" 测试编辑戊
step "the table of the copy published before that restored, a measure's text edited"
[ "$(csv_rows | cut -d' ' -f1)" = 0 ]
tap_ok $? "the table of another copy is not used" || sed 's/^/# /' "$log"
sed -i '3s/ 1/ 2/' "$cache"/views-*
edit text "$a" 测试编辑己
step "what the views saved damaged, a measure's text edited"
[ "$(csv_rows | cut -d' ' -f1)" = 0 ]
tap_ok $? "the damaged file is not used" || sed 's/^/# /' "$log"
csv="$out/data/measures.csv"
touch -r "$csv" "$TAP_TMP/stamp"
python3 - "$csv" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
i = d.index(b"\r\n") + 2 # the first row: '"', its id
d[i + 1] ^= 0x01          # the same size, other bytes, in place
open(p, "r+b").write(d)
PY
touch -r "$TAP_TMP/stamp" "$csv"
edit text "$a" 测试编辑庚
step "the published data/measures.csv changed (same size and mtime), a measure's text edited"
[ "$(csv_rows | cut -d' ' -f1)" = 0 ]
tap_ok $? "the changed copy is not used" || sed 's/^/# /' "$log"
tap_done
