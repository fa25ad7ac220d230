#!/usr/bin/env bash
# The feeds and open data of the views fixture: documents.json and
# inforce.json are valid JSON with the documented fields; measures.csv is
# UTF-8 with a BOM and valid RFC 4180 (CRLF, same column count); feed.xml
# and sitemap.xml are well-formed; the client-side "in force on a day"
# (static/views.js on data/inforce.js, run by node) agrees with the static
# page on the build date and with hand-checked lists on other dates.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
fixture="$HUIBIAN_TOP/tests/fixtures/views"
out="$TAP_TMP/site"
"$HUIBIAN" build -q --content "$fixture" --out "$out" --date 2024-06-30 --history=none 2>/dev/null
tap_ok $? "the views fixture builds"

py() { python3 - "$out" "$@"; }
py <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/data/documents.json", encoding="utf-8"))
docs = {x["url"]: x for x in d["documents"]}
assert d["date"] == "2024-06-30" and len(docs) == 7, (d["date"], len(docs))
keys = {"url", "path", "compilation", "title", "number", "issuers", "issuers_canonical",
        "recipients", "signed", "published", "effective", "expires", "status",
        "computed_status", "computed_status_class", "level", "kind", "topics", "section",
        "order", "attachment", "source", "index_number", "supersedes", "repeals", "amends",
        "measures"}
for x in docs.values():
    assert set(x) == keys, set(x) ^ keys
want = {"sheng/jigai": "现行有效", "sheng/jiu": "已废止", "sheng/rencai": "已修改",
        "sheng/xiugai": "现行有效", "shi/zhizao": "已失效", "shi/shuzi": "尚未生效"}
for slug, st in want.items():
    assert docs[slug + "/index.html"]["computed_status"] == st, slug
r = docs["sheng/rencai/index.html"]
assert r["issuers"][0] == "河南省\u3000财政厅" and r["issuers_canonical"] == ["河南省财政厅", "河南省工业和信息化厅"], r
assert r["measures"] == 1 and r["amends"] == [] and r["order"] == 3
assert docs["shi/shuzi/index.html"]["issuers_canonical"] == ["郑州市工业和信息化局", "郑州市财政局"]
PY
tap_ok $? "documents.json: valid JSON, every field, computed status and canonical names"

py <<'PY'
import csv, io, sys
raw = open(sys.argv[1] + "/data/measures.csv", "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
text = raw[3:].decode("utf-8")
assert text.endswith("\r\n") and "\r\n" in text, "records end in CRLF"
rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
head = rows[0]
assert head == ["id", "url", "document_path", "document_title", "document_number",
                "document_status", "topics", "depts", "depts_canonical", "amount",
                "beneficiaries", "mode", "deadline", "summary", "text"], head
assert len(rows) == 9 and all(len(r) == len(head) for r in rows), len(rows)
by = {r[1]: dict(zip(head, r)) for r in rows[1:]}
m = by["sheng/jigai/index.html#jigai-butie"]
assert m["depts"] == "省财政厅、省工信厅" and m["depts_canonical"] == "河南省财政厅、河南省工业和信息化厅", m
assert m["deadline"] == "2024-12-31" and m["document_status"] == "现行有效"
z = by["shi/zhizao/index.html#m-top"]
assert z["depts_canonical"] == "郑州市工业和信息化局、河南省财政厅", z
assert by["shi/shuzi/index.html#m-top"]["depts_canonical"] == "郑州市财政局、郑州市工业和信息化局"
assert by["sheng/jigai/index.html#m-top-2"]["depts_canonical"] == "省商务厅"
PY
tap_ok $? "measures.csv: BOM, CRLF, RFC 4180, every column; short forms resolved"

py <<'PY'
import os, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
A = "{http://www.w3.org/2005/Atom}"
feed = ET.parse(out + "/feed.xml").getroot()
entries = feed.findall(A + "entry")
assert feed.tag == A + "feed" and len(entries) == 7
assert feed.find(A + "id").text == "https://example.org/views/"
ids = [e.find(A + "id").text for e in entries]
assert ids[0] == "https://example.org/views/shi/shuzi/index.html" and len(set(ids)) == 7, ids
assert [e.find(A + "updated").text for e in entries][:2] == ["2024-07-01T00:00:00+08:00", "2024-06-01T00:00:00+08:00"]
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
locs = [u.find(S + "loc").text for u in ET.parse(out + "/sitemap.xml").getroot()]
assert len(locs) == len(set(locs)) > 20
for l in locs:
    assert l.startswith("https://example.org/views/"), l
    assert os.path.isfile(os.path.join(out, l[len("https://example.org/views/"):])), l
PY
tap_ok $? "feed.xml is Atom (newest first, base_url ids); sitemap.xml lists existing pages"

sed '/^base_url:/d' "$fixture/site.yaml" >"$TAP_TMP/site.yaml"
cp -r "$fixture" "$TAP_TMP/nobase" && cp "$TAP_TMP/site.yaml" "$TAP_TMP/nobase/site.yaml"
"$HUIBIAN" build -q --content "$TAP_TMP/nobase" --out "$TAP_TMP/nb" --date 2024-06-30 --history=none 2>/dev/null
[ ! -e "$TAP_TMP/nb/sitemap.xml" ] && grep -q '<id>tag:huibian,2024:doc/shi/shuzi</id>' "$TAP_TMP/nb/feed.xml" &&
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$TAP_TMP/nb/feed.xml"
tap_ok $? "without base_url: no sitemap, tag: ids"

python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out/data/inforce.json" &&
	grep -q '^window.HUIBIAN_INFORCE = {' "$out/data/inforce.js"
tap_ok $? "inforce.json is JSON and inforce.js sets the global"
if command -v node >/dev/null; then
	static=$(grep -o 'doc-item-title" href="../../[^"]*"' "$out/timeline/inforce/index.html" |
		sed 's|.*href="../../||; s|"$||' | tr '\n' ' ' | sed 's/ $//')
	js=$(node "$HUIBIAN_TOP/tests/views/inforce.js" "$out" 2024-06-30 | cut -d' ' -f2-)
	[ -n "$static" ] && [ "$static" = "$js" ]
	tap_ok $? "views.js agrees with the static list on the build date" ||
		printf '# static: %s\n# js:     %s\n' "$static" "$js"
	node "$HUIBIAN_TOP/tests/views/inforce.js" "$out" 2019-06-01 2023-05-01 2024-07-15 >"$TAP_TMP/days"
	cat >"$TAP_TMP/want" <<'W'
2019-06-01 sheng/jiu/index.html sheng/wuriqi/index.html
2023-05-01 sheng/jigai/index.html sheng/rencai/index.html shi/zhizao/index.html sheng/wuriqi/index.html
2024-07-15 shi/shuzi/index.html sheng/xiugai/index.html sheng/jigai/index.html sheng/rencai/index.html sheng/wuriqi/index.html
W
	diff -u "$TAP_TMP/want" "$TAP_TMP/days" | sed 's/^/# /'
	tap_ok "${PIPESTATUS[0]}" "views.js: repealed once its repealer is in force, expired, pending"
else
	echo "# node not installed: the client-side checks are skipped"
fi
tap_done
