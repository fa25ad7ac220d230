#!/usr/bin/env bash
# The views on the demo site (content/): every department named in
# data/documents.json and data/measures.csv has its page, every topic (of
# site.yaml and used) and every year has its page, the pages of the
# all-measures table hold every measure, and every page of the
# built site has resolving links, is well-formed and runs no foreign script.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
content="$HUIBIAN_TOP/content"
out="$TAP_TMP/site"
"$HUIBIAN" build -q --content "$content" --out "$out" --history=none 2>"$TAP_TMP/err"
tap_ok $? "the demo site builds" || sed 's/^/# /' "$TAP_TMP/err"
for f in departments/index.html measures/index.html timeline/index.html \
	timeline/inforce/index.html feed.xml data/documents.json data/measures.csv \
	data/inforce.json data/inforce.js; do
	[ -s "$out/$f" ]
	tap_ok $? "$f is written"
done
[ ! -e "$out/sitemap.xml" ]
tap_ok $? "no sitemap.xml without base_url"
python3 - "$out" "$content/site.yaml" >"$TAP_TMP/pages" <<'PY'
import csv, json, os, sys
out, site_yaml = sys.argv[1], sys.argv[2]
def fnv(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return "%08x" % h
docs = json.load(open(os.path.join(out, "data/documents.json")))["documents"]
depts, topics, years = set(), set(), set()
for d in docs:
    depts.update(d["issuers_canonical"])
    topics.update(d["topics"])
    date = d["signed"] or d["published"]
    if date:
        years.add(date[:4])
with open(os.path.join(out, "data/measures.csv"), encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f):
        depts.update(x for x in row["depts_canonical"].split("、") if x)
        topics.update(x for x in row["topics"].split("、") if x)
# the declared topics of site.yaml (a "- name: X" or "- X" line under topics:)
in_topics = False
for line in open(site_yaml, encoding="utf-8"):
    if line.startswith("topics:"):
        in_topics = True
    elif in_topics and line.startswith("  - "):
        topics.add(line[4:].strip().removeprefix("name:").strip())
    elif line[:1] not in ("", " ", "\n", "#"):
        in_topics = False
missing = 0
for kind, names, path in (("department", depts, "departments/d-%s/index.html"),
                          ("topic", topics, "measures/t-%s/index.html")):
    for n in sorted(names):
        p = path % fnv(n)
        if not os.path.isfile(os.path.join(out, p)):
            print("missing %s page %s for %s" % (kind, p, n)); missing += 1
for y in sorted(years):
    if not os.path.isfile(os.path.join(out, "timeline", y, "index.html")):
        print("missing year page", y); missing += 1
print("# %d departments, %d topics, %d years" % (len(depts), len(topics), len(years)))
sys.exit(1 if missing else 0)
PY
tap_ok $? "every department, topic and year has its page" || sed 's/^/# /' "$TAP_TMP/pages"
ndept=$(find "$out/departments" -mindepth 2 -name index.html | wc -l)
grep -q "^# [0-9]* departments" "$TAP_TMP/pages" && [ "$ndept" -eq "$(sed -n 's/^# \([0-9]*\) departments.*/\1/p' "$TAP_TMP/pages")" ]
tap_ok $? "no department page without a department ($ndept pages)" || cat "$TAP_TMP/pages"
check() { python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" "$@"; }
# search/index.html belongs to the search view, which this build may lack
check links "$out" | grep -v 'broken link: \(\.\./\)*search/index\.html$' | grep -v '^# ' >"$TAP_TMP/links"
[ ! -s "$TAP_TMP/links" ]
tap_ok $? "every internal link and #anchor resolves" || sed 's/^/# /' "$TAP_TMP/links"
check html "$out" >"$TAP_TMP/html"
tap_ok $? "every page is well-formed HTML" || sed 's/^/# /' "$TAP_TMP/html"
check safe "$out" >"$TAP_TMP/safe"
tap_ok $? "no inline or foreign script" || sed 's/^/# /' "$TAP_TMP/safe"
grep -q 'data-v-filter' "$out/measures/all/1/index.html" &&
	grep -q 'static/views.js' "$out/measures/all/1/index.html" &&
	grep -q 'href="../measures/all/1/index.html"' "$out/measures/index.html"
tap_ok $? "the overview links the all-measures table, which has the filter form and loads views.js"
nrows=$(cat "$out"/measures/all/*/index.html | grep -c '^<tr><td>')
ncsv=$(python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline=""))))' "$out/data/measures.csv")
npages=$(find "$out/measures/all" -name index.html | wc -l)
tap_ok $((nrows == ncsv && npages == (ncsv + 199) / 200 ? 0 : 1)) \
	"the all-measures table is complete without JavaScript ($nrows rows on $npages pages, $ncsv measures)"
"$HUIBIAN" build -q --content "$content" --out "$TAP_TMP/again" --history=none 2>/dev/null
diff -r "$out" "$TAP_TMP/again" >/dev/null
tap_ok $? "two builds are byte-identical"
tap_done
