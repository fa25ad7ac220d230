#!/usr/bin/env bash
# Paginated views (200 rows a page): a generated site of 45 documents with
# 5 measures each (225 measures), all of one topic and one responsible
# department, so that the all-measures table, the topic page and the
# department page each take 2 pages.  Checks that every page exists and is
# linked, that each measure and document is on exactly one page of each
# list (so the static pages are complete without JavaScript), that no
# page has more than 200 rows, that the overview counts are right, and that
# every link resolves.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
content="$TAP_TMP/content"
out="$TAP_TMP/site"
python3 - "$content" <<'PY'
import os, sys
top = sys.argv[1]
os.makedirs(top + "/sheng")
open(top + "/site.yaml", "w", encoding="utf-8").write(
    "title: 分页测试\nlanguage: zh-CN\ndepartments:\n  河南省财政厅: [省财政厅]\n"
    "topics:\n  - 资金补贴\n  - 人才\n")
open(top + "/sheng/_index.md", "w", encoding="utf-8").write(
    "---\ntitle: 省级政策汇编\neditor: 测试编辑部\ndate: 2024-06-01\n---\n\n省级文件。\n")
for d in range(45):
    body = []
    for m in range(5):
        body.append("%d. 第%d号文件的第%d条措施，给予补贴。\n\n"
                    '<!-- measure topics="资金补贴" depts="省财政厅" -->\n' % (m + 1, d, m))
    status = "\nexpires: 2024-01-31" if d % 9 == 0 else ""
    open(top + "/sheng/d%02d.md" % d, "w", encoding="utf-8").write(
        "---\ntitle: 第%d号文件\nnumber: 豫财〔2023〕%d号\nissuers:\n  - 河南省财政厅\n"
        "signed: 2023-%02d-%02d%s\nlevel: 省\ntopics: [资金补贴]\n---\n\n%s"
        % (d, d + 1, d % 12 + 1, d % 28 + 1, status, "".join(body)))
PY
"$HUIBIAN" build -q --content "$content" --out "$out" --date 2024-06-30 --history=none 2>"$TAP_TMP/err"
tap_ok $? "the generated site builds" || sed 's/^/# /' "$TAP_TMP/err"

python3 - "$out" >"$TAP_TMP/pages" <<'PY'
import csv, os, re, sys
out = sys.argv[1]
def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return "%08x" % h
def read(p):
    return open(os.path.join(out, p), encoding="utf-8").read()
def main(p):
    t = read(p)
    return t[t.index("<main "):t.index("</main>")]
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)
with open(os.path.join(out, "data/measures.csv"), encoding="utf-8-sig", newline="") as f:
    urls = [r["url"] for r in csv.DictReader(f)]
check(len(urls) == 225, "measures.csv has %d measures, not 225" % len(urls))
row = re.compile(r'^<tr><td><a href="(?:\.\./)*([^"]*)"', re.M)
group = re.compile(r'<tbody[^>]*>\n<tr class="v-ghead"><th [^>]*><a href="([^"]*)">(.*?)</tbody>', re.S)
def rows(paths):
    got = []
    for p in paths:
        # each measure's row is in the group of its own document
        for doc, body in group.findall(main(p)):
            lost = [h for h in re.findall(r'^<tr><td><a href="([^"]*)"', body, re.M)
                    if not h.startswith(doc + "#")]
            check(not lost, "%s: rows under another document's heading: %s" % (p, lost[:2]))
        r = row.findall(main(p))
        check(0 < len(r) <= 200, "%s has %d rows" % (p, len(r)))
        got += r
    return got
# the all-measures table: measures/all/1/ and /2/, nothing more
allp = ["measures/all/1/index.html", "measures/all/2/index.html"]
check(not os.path.exists(os.path.join(out, "measures/all/3/index.html")), "a third all page")
got = rows(allp)
check(sorted(got) == sorted(urls) and len(set(got)) == len(got),
      "the all pages do not hold every measure exactly once (%d rows)" % len(got))
check('rel="next"' in main(allp[0])
      and 'href="../../../measures/all/2/index.html"' in main(allp[0])
      and 'href="../../../measures/all/1/index.html"' in main(allp[1]),
      "the all pages do not link each other")
ov = main("measures/index.html")
check('<tr><td>' not in ov and "<table" not in ov, "the overview has table rows")
check('href="../measures/all/1/index.html"' in ov and 'href="../measures/all/2/index.html"' in ov,
      "the overview does not link the all pages")
check("225 条，2 页" in ov, "the overview does not count 225 measures on 2 pages")
check("measures/all/1/index.html?status=expired" in ov, "no status link on the overview")
# the topic: t-<hash>/index.html and t-<hash>/2/index.html, with its documents
t = "measures/t-%s" % fnv("资金补贴")
got = rows([t + "/index.html", t + "/2/index.html"])
check(sorted(got) == sorted(urls), "the topic pages do not hold every measure once")
docs = re.compile(r'<li class="doc-item[^"]*">\n<div class="doc-item-main">\n<a class="doc-item-title" href="(?:\.\./)*([^"]*)"')
td = docs.findall(main(t + "/index.html")) + docs.findall(main(t + "/2/index.html"))
check(len(td) == 45 == len(set(td)), "the topic's documents: %d" % len(td))
check('href="../../measures/%s/2/index.html"' % t.split("/")[1] in main(t + "/index.html"),
      "topic page 1 does not link page 2")
# a topic without measures has one page
check(os.path.isfile(os.path.join(out, "measures/t-%s/index.html" % fnv("人才"))) and
      not os.path.exists(os.path.join(out, "measures/t-%s/2" % fnv("人才"))), "the empty topic")
# the department: documents on page 1, measures (grouped) over 2 pages
d = "departments/d-%s" % fnv("河南省财政厅")
p1, p2 = main(d + "/index.html"), main(d + "/2/index.html")
dd = docs.findall(p1) + docs.findall(p2)
check(len(dd) == 45 == len(set(dd)), "the department's documents: %d" % len(dd))
ml = re.compile(r'<li>(?:<span class="role">[^<]*</span> )?<a href="(?:\.\./)*([^"]*)"')
dm = ml.findall(p1) + ml.findall(p2)
check(sorted(dm) == sorted(urls), "the department's measures: %d" % len(dm))
check(len(ml.findall(p1)) == 200 and len(ml.findall(p2)) == 25, "200 measures on page 1")
check("第 1–200 条，共 225 条" in p1 and "第 201–225 条，共 225 条" in p2, "the ranges")
check('id="dept-measures"' in p1, "no #dept-measures on page 1")
for m in bad:
    print(m)
sys.exit(1 if bad else 0)
PY
tap_ok $? "every measure and document is on exactly one page of each list" ||
	sed 's/^/# /' "$TAP_TMP/pages"

check() { python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" "$@"; }
check links "$out" | grep -v 'broken link: \(\.\./\)*search/index\.html$' | grep -v '^# ' >"$TAP_TMP/links"
[ ! -s "$TAP_TMP/links" ]
tap_ok $? "every internal link and #anchor resolves" || sed 's/^/# /' "$TAP_TMP/links"
check html "$out" >"$TAP_TMP/html"
tap_ok $? "every page is well-formed HTML" || sed 's/^/# /' "$TAP_TMP/html"
for f in measures/all/1/index.html measures/all/2/index.html; do
	grep -q 'data-v-filter' "$out/$f" && grep -q 'static/views.js' "$out/$f" &&
		grep -q 'data-v-page' "$out/$f"
	tap_ok $? "$f has the filter form, page links and views.js"
done
# the filter offers the options of the whole table on every page
diff <(grep -o '<select name="dept">.*</select>' "$out/measures/all/1/index.html") \
	<(grep -o '<select name="dept">.*</select>' "$out/measures/all/2/index.html") >/dev/null
tap_ok $? "every page of a table has the same filter options"
tap_done
