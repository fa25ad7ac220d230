#!/usr/bin/env bash
# End-to-end test of the version history pages: a git repository is made in
# a temporary folder from tests/fixtures/mini (content in site/), with
#   c1  张三 收录示例汇编           the fixture
#   c2  李四 修改第二条适用范围     banfa.md: article 2 edited (和市级 in, 企业
#                                   out), published date changed; linshi.md
#                                   added; tongzhi.md broken (does not parse)
#   c3  赵六<script>…  <script>…增加措施   banfa.md: an article with a measure
#                                   added; linshi.md deleted; tongzhi.md fixed
#   c4  王五 更名为管理办法         banfa.md renamed guanli.md (at -05:00)
# then built with huibian, and the pages are checked.
. "$(dirname "$0")/../lib.sh"
tap_tmpdir
check() { python3 "$HUIBIAN_TOP/tests/e2e/sitecheck.py" "$@"; }

export GIT_CONFIG_NOSYSTEM=1 HOME="$TAP_TMP/home" GIT_TERMINAL_PROMPT=0
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME"
repo="$TAP_TMP/repo"
site="$repo/site"
out="$TAP_TMP/out"

# commit_as NAME DATE MESSAGE: commit everything as NAME at DATE.
commit_as() {
	git -C "$repo" add -A &&
		GIT_AUTHOR_NAME="$1" GIT_AUTHOR_EMAIL=author@example.org GIT_AUTHOR_DATE="$2" \
			GIT_COMMITTER_NAME=编辑部 GIT_COMMITTER_EMAIL=editor@example.org \
			GIT_COMMITTER_DATE="$2" git -C "$repo" commit -q -m "$3"
}

git init -q "$repo" && git -C "$repo" symbolic-ref HEAD refs/heads/main
cp -r "$HUIBIAN_TOP/tests/fixtures/mini" "$site"
commit_as 张三 "2024-01-10T10:00:00+08:00" "收录示例汇编"
c1=$(git -C "$repo" rev-parse HEAD)

sed -i 's/本办法适用于省级财政安排的企业技术改造补助资金。/本办法适用于省级和市级财政安排的技术改造补助资金。/; s/^published: 2020-12-25$/published: 2020-12-26/' "$site/demo/banfa.md"
cat >"$site/demo/linshi.md" <<'EOF'
---
title: 示例临时通知
section: 配套文件
order: 4
---

临时通知的正文，后来被删除。
EOF
cp "$site/demo/tongzhi.md" "$TAP_TMP/tongzhi.md"
sed -i '2s/.*/title: [unclosed/' "$site/demo/tongzhi.md"
# 00:30 in +08:00 is the previous day in UTC: the date shown is the author's
commit_as 李四 "2024-02-10T00:30:00+08:00" "修改第二条适用范围

正文第二段不显示。"
c2=$(git -C "$repo" rev-parse HEAD)

cat >>"$site/demo/banfa.md" <<'EOF'

### 第六条 新增措施

<!-- measure id="xinzeng" topics="资金补贴" depts="省财政厅" amount="10万元" -->

对首次纳入统计的企业给予一次性奖励10万元。
EOF
rm "$site/demo/linshi.md"
cp "$TAP_TMP/tongzhi.md" "$site/demo/tongzhi.md"
commit_as placeholder "2024-03-10T16:00:00+08:00" placeholder
# git refuses '<' and '>' in names: write the hostile commit object directly
git -C "$repo" cat-file -p HEAD |
	sed 's/^author placeholder </author 赵六<script>alert(2)<\/script>编辑 </; s/^placeholder$/<script>alert(1)<\/script>增加措施 \& "引号"/' >"$TAP_TMP/c3.txt"
c3=$(git -C "$repo" hash-object -t commit -w "$TAP_TMP/c3.txt")
git -C "$repo" update-ref refs/heads/main "$c3"
git -C "$repo" reset -q --hard

git -C "$repo" mv site/demo/banfa.md site/demo/guanli.md
commit_as 王五 "2024-04-10T22:30:00-05:00" "更名为管理办法"
c4=$(git -C "$repo" rev-parse HEAD)
s1=${c1:0:7} s2=${c2:0:7} s3=${c3:0:7} s4=${c4:0:7}
[ "$(git -C "$repo" log --format=%s | wc -l)" -eq 4 ] && git -C "$repo" diff --quiet HEAD
tap_ok $? "the test repository has 4 commits and a clean work tree"

"$HUIBIAN" build --content "$site" --out "$out" --date 2024-06-30 2>"$TAP_TMP/build.err"
tap_ok $? "the site builds from the repository" || sed 's/^/# /' "$TAP_TMP/build.err"

# --- the history list ---
hist="$out/demo/guanli/history.html"
python3 - "$hist" >"$TAP_TMP/list.txt" <<'EOF'
import re, sys, html
page = open(sys.argv[1], encoding="utf-8").read()
for item in re.findall(r'<li class="history-item[^"]*">(.*?)</li>', page, re.S):
    date = re.search(r'<time datetime="([^"]+)">([^<]+)</time>', item)
    sid = re.search(r'<code class="history-id">([^<]+)</code>', item).group(1)
    summ = re.search(r'<p class="history-summary">(.*?)</p>', item, re.S).group(1)
    auth = re.search(r'<span class="history-author">(.*?)</span>', item, re.S).group(1)
    print("|".join([date.group(2), date.group(1), sid, html.unescape(summ), html.unescape(auth)]))
EOF
cat >"$TAP_TMP/want.txt" <<EOF
2024-04-10|2024-04-10T22:30:00-05:00|$s4|更名为管理办法|王五
2024-03-10|2024-03-10T16:00:00+08:00|$s3|<script>alert(1)</script>增加措施 & "引号"|赵六<script>alert(2)</script>编辑
2024-02-10|2024-02-10T00:30:00+08:00|$s2|修改第二条适用范围|李四
2024-01-10|2024-01-10T10:00:00+08:00|$s1|收录示例汇编|张三
EOF
diff -u "$TAP_TMP/want.txt" "$TAP_TMP/list.txt" | sed 's/^/# /'
tap_ok "${PIPESTATUS[0]}" "history list: versions newest first with date, id, message's first line, author"
grep -q '<span class="history-from">原文件 demo/banfa.md</span>' "$hist" &&
	[ ! -e "$out/demo/banfa" ] && [ -f "$out/demo/guanli/v-$s1.html" ]
tap_ok $? "the rename is followed: one history under the new name, back to demo/banfa.md"

# --- historical versions ---
ok=0
for s in "$s1" "$s2" "$s3"; do
	page="$out/demo/guanli/v-$s.html"
	grep -q '<strong>历史版本</strong> — <a href="../../demo/guanli/index.html">当前版本 →</a>' "$page" || ok=1
done
tap_ok $ok "every earlier version has a page with the banner 历史版本 — 当前版本 →"
# the newest version is the text the site shows: its page is the document's
[ ! -e "$out/demo/guanli/v-$s4.html" ] &&
	python3 - "$hist" "$s4" "$s3" <<'EOF'
import re, sys
page, s4, s3 = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
items = dict((re.search(r'<code class="history-id">([^<]+)</code>', i).group(1), i)
             for i in re.findall(r'<li class="history-item[^"]*">(.*?)</li>', page, re.S))
assert '<a href="../../demo/guanli/index.html">查看此版本</a>' in items[s4], items[s4]
assert '<a href="../../demo/guanli/v-%s.html">查看此版本</a>' % s3 in items[s3], items[s3]
EOF
tap_ok $? "the newest version has no page of its own: 查看此版本 links the document page"
grep -q '本办法适用于省级财政安排的企业技术改造补助资金。' "$out/demo/guanli/v-$s1.html" &&
	! grep -q '和市级' "$out/demo/guanli/v-$s1.html" &&
	grep -q '本办法适用于省级和市级财政安排的技术改造补助资金。' "$out/demo/guanli/v-$s2.html" &&
	! grep -q '新增措施' "$out/demo/guanli/v-$s2.html" &&
	grep -q 'class="measure' "$out/demo/guanli/v-$s3.html" &&
	grep -q '对首次纳入统计的企业给予一次性奖励10万元。' "$out/demo/guanli/v-$s3.html"
tap_ok $? "each version page shows the text as it was (rendered, with its measures)"
page="$out/demo/tongzhi/v-$s2.html"
grep -q 'class="version-raw-note"' "$page" && grep -q '<pre class="version-raw">---' "$page" &&
	grep -q 'title: \[unclosed' "$page" && grep -q 'demo/tongzhi.md@'"$s2"':[0-9]*:[0-9]*: error: YAML' "$page"
tap_ok $? "a version that no longer parses is shown preformatted with a note"

# --- diffs ---
dpage="$out/demo/guanli/diff-$s2.html"
grep -qx '<p class="diff-changed">本办法适用于省级<ins>和市级</ins>财政安排的<del>企业</del>技术改造补助资金。</p>' "$dpage"
tap_ok $? "inline diff of the edited article: exact <ins> and <del> spans" || grep 'diff-changed' "$dpage" | sed 's/^/# /'
grep -q '<tr class="diff-changed"><td>本办法适用于省级财政安排的<del>企业</del>技术改造补助资金。</td><td>本办法适用于省级<ins>和市级</ins>财政安排的技术改造补助资金。</td></tr>' "$dpage"
tap_ok $? "新旧对照 table: old and new article side by side"
grep -q '<tr><th title="published">发布日期</th><td><del>2020-12-25</del> → <ins>2020-12-26</ins></td></tr>' "$dpage" &&
	[ "$(grep -c '<tr><th title=' "$dpage")" -eq 1 ]
tap_ok $? "metadata change shown as field: old → new (and only that field)"
grep -q '<p class="diff-added"><ins>对首次纳入统计的企业给予一次性奖励10万元。</ins></p>' "$out/demo/guanli/diff-$s3.html"
tap_ok $? "the added measure shows as an added paragraph"
grep -q '文件由 <code>demo/banfa.md</code> 更名为 <code>demo/guanli.md</code>' "$out/demo/guanli/diff-$s4.html" &&
	grep -q '没有改动' "$out/demo/guanli/diff-$s4.html"
tap_ok $? "the rename's diff page says renamed, no text change"
[ ! -e "$out/demo/guanli/diff-$s1.html" ] && [ -f "$out/demo/guanli/diff-$s2.html" ] &&
	python3 - "$hist" "$s1" "$s2" <<'EOF'
import re, sys
page, s1, s2 = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
items = dict((re.search(r'<code class="history-id">([^<]+)</code>', i).group(1), i)
             for i in re.findall(r'<li class="history-item[^"]*">(.*?)</li>', page, re.S))
assert '收录' in items[s1] and '查看此版本' in items[s1], items[s1]
assert 'diff-' not in items[s1], items[s1]
assert '<a href="../../demo/guanli/diff-%s.html">与上一版本比较</a>' % s2 in items[s2], items[s2]
EOF
tap_ok $? "the version that added the document has no diff page (nothing to compare) and no compare link"

# --- the deleted document ---
dh="$out/demo/linshi/history.html"
[ -f "$dh" ] && grep -q '已删除' "$dh" && [ ! -e "$out/demo/linshi/index.html" ] &&
	[ "$(grep -c '<li class="history-item' "$dh")" -eq 2 ] &&
	grep -q "<code class=\"history-id\">$s3</code> <span class=\"history-change\">删除" "$dh" &&
	grep -q '临时通知的正文，后来被删除。' "$out/demo/linshi/v-$s2.html" &&
	grep -q '本文件已删除' "$out/demo/linshi/v-$s2.html"
tap_ok $? "a deleted document keeps its history and versions, marked 已删除"

# --- document page ---
doc="$out/demo/guanli/index.html"
grep -q '最后修改 <time>2024-04-10</time>，共 4 个版本' "$doc" &&
	grep -q 'href="../../demo/guanli/history.html"' "$doc"
tap_ok $? "the document page shows 最后修改, the number of versions and links the history"
! grep -q '尚未提交' "$doc"
tap_ok $? "no uncommitted note when the work tree is clean"
one="$out/demo/fangan/index.html"
[ ! -e "$out/demo/fangan/history.html" ] &&
	grep -q "最后修改 <time>2024-01-10</time>，仅此一个版本：<code class=\"history-id\">$s1</code> <span class=\"version-summary\">收录示例汇编</span>（<span class=\"version-author\">张三</span>）" "$one" &&
	! grep -rq 'fangan/history.html' "$out"
tap_ok $? "a document whose one version is its page has no history page (nothing links one); its page names that version"

# --- changelog and feed ---
ch="$out/changes/index.html"
grep -o 'id="c-[0-9a-f]*"' "$ch" | tr -d '"' | sed 's/id=c-//' >"$TAP_TMP/order.txt"
printf '%s\n' "$c4" "$c3" "$c2" "$c1" | diff -u - "$TAP_TMP/order.txt" | sed 's/^/# /'
tap_ok "${PIPESTATUS[1]}" "changelog: every commit, newest first"
python3 - "$ch" "$c2" "$c3" <<'EOF'
import re, sys
page, c2, c3 = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2], sys.argv[3]
def commit(c):
    return re.search(r'<li class="change" id="c-%s">(.*?)</li>\n</ol>|<li class="change" id="c-%s">(.*?)\n</li>' % (c, c), page, re.S).group(0)
e3, e2 = commit(c3), commit(c2)
need = [
    (e3, '<div class="change-group change-removed">'),
    (e3, '<a href="../demo/linshi/history.html">示例临时通知</a>'),
    (e3, '<a href="../demo/guanli/index.html">示例企业技术改造补助资金管理办法</a>'),
    (e2, '<div class="change-group change-added">'),
    (e2, '<a href="../demo/linshi/history.html">示例临时通知</a></li>'),
    (e2, '<a class="change-diff" href="../demo/tongzhi/diff-%s.html">查看改动</a>' % c2[:7]),
    (e2, '<a href="../demo/tongzhi/index.html">河南省财政厅关于做好2019年度企业技术改造补助申报工作的通知</a>'),
]
bad = [n for e, n in need if n not in e]
for n in bad:
    print("# missing:", n)
sys.exit(1 if bad else 0)
EOF
tap_ok $? "changelog entries list documents added, changed and removed, removed ones linking their history"
python3 - "$out/changes/feed.xml" "$c4" "$c3" "$c2" "$c1" <<'EOF'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
ids = sys.argv[2:]
entries = root.findall(A + "entry")
assert root.tag == A + "feed", root.tag
assert root.find(A + "id").text == "https://example.org/mini/changes/feed.xml"
assert root.find(A + "updated").text == "2024-04-10T22:30:00-05:00"
got = [e.find(A + "id").text for e in entries]
want = ["tag:example.org,%s:commit/%s" % (d, c) for d, c in
        zip(["2024-04-10", "2024-03-10", "2024-02-10", "2024-01-10"], ids)]
assert got == want, got
e3 = entries[1]
assert e3.find(A + "title").text == '<script>alert(1)</script>增加措施 & "引号"', e3.find(A + "title").text
assert e3.find(A + "author/" + A + "name").text == "赵六<script>alert(2)</script>编辑"
assert e3.find(A + "updated").text == "2024-03-10T16:00:00+08:00"
assert "https://example.org/mini/demo/linshi/history.html" in e3.find(A + "content").text
assert entries[0].find(A + "link").get("href") == "https://example.org/mini/changes/index.html#c-" + ids[0]
EOF
tap_ok $? "the Atom feed parses: entries newest first, tag: ids from the commit ids, text escaped"

# --- whole site ---
check links "$out" >"$TAP_TMP/links.txt"
tap_ok $? "every internal link and #anchor resolves" || sed 's/^/# /' "$TAP_TMP/links.txt"
check html "$out" >"$TAP_TMP/html.txt"
tap_ok $? "every page is well-formed HTML" || sed 's/^/# /' "$TAP_TMP/html.txt"
check safe "$out" >"$TAP_TMP/safe.txt"
tap_ok $? "nothing executable" || sed 's/^/# /' "$TAP_TMP/safe.txt"
! grep -rqF '<script>alert' "$out" &&
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;增加措施 &amp; &quot;引号&quot;' "$hist" &&
	grep -qF '赵六&lt;script&gt;alert(2)&lt;/script&gt;编辑' "$hist" &&
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;增加措施' "$ch" &&
	grep -qF '赵六&lt;script&gt;alert(2)&lt;/script&gt;编辑' "$out/demo/guanli/v-$s3.html"
tap_ok $? "commit message and author name with <script> are shown escaped"

"$HUIBIAN" build -q --content "$site" --out "$TAP_TMP/out2" --date 2024-06-30
diff -r "$out" "$TAP_TMP/out2" >"$TAP_TMP/diff-r.txt"
tap_ok $? "two builds are byte-identical" || head -20 "$TAP_TMP/diff-r.txt" | sed 's/^/# /'
"$HUIBIAN" build -q -j 1 --content "$site" --out "$TAP_TMP/out1" --date 2024-06-30 &&
	"$HUIBIAN" build -q -j 3 --content "$site" --out "$TAP_TMP/out3" --date 2024-06-30 &&
	diff -r "$out" "$TAP_TMP/out1" >/dev/null && diff -r "$out" "$TAP_TMP/out3" >/dev/null
tap_ok $? "the same pages with -j 1 and -j 3"

"$HUIBIAN" build -q --content "$site" --out "$TAP_TMP/none" --date 2024-06-30 --history=none
rc=$?
[ $rc -eq 0 ] && [ -f "$TAP_TMP/none/demo/guanli/index.html" ] && [ ! -e "$TAP_TMP/none/changes" ] &&
	[ -z "$(find "$TAP_TMP/none" -name history.html -o -name 'v-*' -o -name 'diff-*')" ] &&
	! grep -q '最后修改' "$TAP_TMP/none/demo/guanli/index.html"
tap_ok $? "--history=none builds without history pages"

cp -r "$site" "$TAP_TMP/plain"
"$HUIBIAN" build -q --content "$TAP_TMP/plain" --out "$TAP_TMP/plain-out" --date 2024-06-30 2>"$TAP_TMP/plain.err"
rc=$?
[ $rc -eq 0 ] && [ -f "$TAP_TMP/plain-out/demo/guanli/index.html" ] &&
	[ ! -e "$TAP_TMP/plain-out/changes" ] && [ -z "$(find "$TAP_TMP/plain-out" -name history.html)" ]
tap_ok $? "a content folder outside git builds, without history pages" || sed 's/^/# /' "$TAP_TMP/plain.err"

# A shallow repository whose boundary is the root commit: history complete,
# but the pages must say it may not be.
# (Its site.yaml has no base_url, uncommitted: the feed's links are relative.)
git clone -q "file://$repo" "$TAP_TMP/marked" 2>/dev/null && git -C "$TAP_TMP/marked" rev-list --max-parents=0 HEAD >"$TAP_TMP/marked/.git/shallow"
sed -i '/^base_url:/d' "$TAP_TMP/marked/site/site.yaml"
"$HUIBIAN" build -q --content "$TAP_TMP/marked/site" --out "$TAP_TMP/marked-out" --date 2024-06-30
rc=$?
sh="$TAP_TMP/marked-out/demo/guanli/history.html"
[ $rc -eq 0 ] && grep -q '浅克隆，修订历史可能不完整' "$sh" && grep -q '浅克隆' "$TAP_TMP/marked-out/changes/index.html" &&
	! grep -q '浅克隆' "$hist"
tap_ok $? "a shallow repository: history pages say they may be incomplete"
python3 - "$TAP_TMP/marked-out/changes/feed.xml" "$c3" <<'EOF'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
assert root.find(A + "id").text == "tag:huibian.invalid,2024:changes/feed.xml"
assert [l.get("href") for l in root.findall(A + "link")] == ["index.html", "feed.xml"]
e = root.findall(A + "entry")[1]
assert e.find(A + "id").text == "tag:huibian.invalid,2024-03-10:commit/" + sys.argv[2]
assert e.find(A + "link").get("href") == "../changes/index.html#c-" + sys.argv[2]
assert 'href="../demo/linshi/history.html"' in e.find(A + "content").text
EOF
tap_ok $? "without base_url the feed's ids and links are still valid (relative links)"

# A real shallow clone (--depth 2, from a file:// URL so that git makes it
# shallow): c4 and c3 are there, c3 is the boundary (its parent c2 is not).
git clone -q --depth 2 "file://$repo" "$TAP_TMP/shallow" 2>/dev/null
[ "$(git -C "$TAP_TMP/shallow" rev-parse --is-shallow-repository)" = true ] &&
	[ "$(cat "$TAP_TMP/shallow/.git/shallow")" = "$c3" ] && ! git -C "$TAP_TMP/shallow" cat-file -e "$c2" 2>/dev/null
tap_ok $? "the clone is shallow, its boundary is c3 and c2 is missing"
for mode in first-parent all; do
	o="$TAP_TMP/shallow-$mode"
	"$HUIBIAN" build -q --history=$mode --content "$TAP_TMP/shallow/site" --out "$o" --date 2024-06-30 2>"$TAP_TMP/shallow.err"
	tap_ok $? "a shallow clone (--depth 2) builds (--history=$mode)" || sed 's/^/# /' "$TAP_TMP/shallow.err"
done
o="$TAP_TMP/shallow-first-parent"
sh="$o/demo/guanli/history.html"
grep -q '浅克隆，修订历史可能不完整' "$sh" && [ "$(grep -c '<li class="history-item' "$sh")" -eq 2 ] &&
	grep -q "<code class=\"history-id\">$s4</code> <span class=\"history-change\">更名" "$sh" &&
	grep -q "<li class=\"history-item history-oldest\">" "$sh" &&
	grep -q "<code class=\"history-id\">$s3</code> <span class=\"history-change\">最早可查版本" "$sh" &&
	grep -q '最早可查的文本' "$sh" && ! grep -q '收录' "$sh"
tap_ok $? "shallow: the history pages say they may be incomplete; the boundary version is the oldest known, not added"
sd="$o/demo/guanli/diff-$s3.html"
grep -q '浅克隆）中本文件最早的版本' "$sd" && ! grep -q '本文件在此版本中收录' "$sd" && ! grep -q '正文的改动' "$sd" &&
	grep -q '对首次纳入统计的企业给予一次性奖励10万元。' "$o/demo/guanli/v-$s3.html" &&
	grep -q "diff-$s3.html\">最早可查的文本</a>" "$o/demo/guanli/v-$s3.html" &&
	! grep -q '与上一版本比较' "$o/demo/guanli/v-$s3.html" &&
	grep -q '文件由 <code>demo/banfa.md</code> 更名为 <code>demo/guanli.md</code>' "$o/demo/guanli/diff-$s4.html"
tap_ok $? "shallow: the boundary's diff page says older versions are missing; its version page has the text of c3 and links its diff as the oldest known text"
[ ! -e "$o/demo/linshi" ] && [ -f "$o/demo/tongzhi/history.html" ] &&
	[ "$(grep -c '<li class="history-item' "$o/demo/tongzhi/history.html")" -eq 1 ]
tap_ok $? "shallow: a document deleted before the boundary has no history; one unchanged since has its oldest known version"
ch="$o/changes/index.html"
grep -o 'id="c-[0-9a-f]*"' "$ch" | tr -d '"' | sed 's/id=c-//' >"$TAP_TMP/order.txt"
printf '%s\n' "$c4" "$c3" | diff -u - "$TAP_TMP/order.txt" | sed 's/^/# /'
[ "${PIPESTATUS[1]}" -eq 0 ] && grep -q '浅克隆，更早的修订可能没有列出' "$ch" &&
	python3 - "$ch" "$c3" <<'EOF'
import re, sys
page, c3 = open(sys.argv[1], encoding="utf-8").read(), sys.argv[2]
e3 = re.search(r'<li class="change" id="c-%s">(.*?)</li>\n</ol>' % c3, page, re.S).group(1)
assert '<p class="change-boundary">浅克隆的起点' in e3, e3
assert 'change-group' not in e3, e3
EOF
tap_ok $? "shallow changelog: c4 and c3, the boundary commit noted and listing no documents"
diff -r "$o" "$TAP_TMP/shallow-all" >/dev/null
tap_ok $? "shallow: the same pages in all-parents mode (no merges)"

printf '\n未提交的段落。\n' >>"$site/demo/guanli.md"
"$HUIBIAN" build -q --content "$site" --out "$TAP_TMP/dirty" --date 2024-06-30
grep -q '当前文本包含尚未提交的修改，修订历史只包括已提交的版本' "$TAP_TMP/dirty/demo/guanli/index.html" &&
	grep -q '当前文本包含尚未提交的修改' "$TAP_TMP/dirty/demo/guanli/history.html" &&
	! grep -q '尚未提交' "$TAP_TMP/dirty/demo/fangan/index.html"
tap_ok $? "uncommitted changes are noted on the document and its history"
printf '\n未提交的段落。\n' >>"$site/demo/fangan.md"
"$HUIBIAN" build -q --content "$site" --out "$TAP_TMP/dirty2" --date 2024-06-30
[ -f "$TAP_TMP/dirty2/demo/fangan/history.html" ] && [ -f "$TAP_TMP/dirty2/demo/fangan/v-$s1.html" ] &&
	grep -q 'href="../../demo/fangan/history.html"' "$TAP_TMP/dirty2/demo/fangan/index.html" &&
	! grep -q '仅此一个版本' "$TAP_TMP/dirty2/demo/fangan/index.html"
tap_ok $? "a one-version document edited since its commit has a history page again (its committed text is not the page)"
tap_done
