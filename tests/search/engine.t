#!/usr/bin/env bash
# The search engine of static/search.js run in node against an index that
# generator/search*.c wrote for a small ranking corpus, and the normaliser
# cases shared with tests/unit/test_search_tok.c.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || { echo "1..0 # SKIP node is not installed"; exit 0; }
tap_tmpdir
build_driver "$TAP_TMP/driver" || { echo "Bail out! cannot build the search driver"; exit 1; }
# rank-corpus.txt, then 40 entries with every bigram of 陆海联运通道 many
# times but never the phrase, and one with the phrase once in a long text:
# more candidates than one batch of texts (static/search.js BATCH).
{
	cat "$HUIBIAN_TOP/tests/search/rank-corpus.txt"
	for i in $(seq 1 40); do
		printf '%%%%\nurl: r/scatter-%s/index.html\ntitle: 关于港口通道的通知%s\ndate: 2024-05-01\nlevel: 市\nstatus_label: 现行有效\nstatus_class: current\n\n' "$i" "$i"
		echo "陆海联动，海联网，联运，运通，通道。陆海联动，海联网，联运，运通，通道。"
	done
	printf '%%%%\nurl: r/late-phrase/index.html\ntitle: 关于物流的通知\ndate: 2024-05-02\nlevel: 市\nstatus_label: 现行有效\nstatus_class: current\n\n'
	for i in $(seq 1 30); do echo "推进现代物流体系建设，完善基础设施，提升服务能力，促进产业发展。"; done
	echo "打造陆海联运通道。"
} >"$TAP_TMP/corpus.txt"
"$TAP_TMP/driver" "$TAP_TMP/corpus.txt" "$TAP_TMP/site" >/dev/null ||
	{ echo "Bail out! the driver failed"; exit 1; }
# 4,000 entries of 40 keys 港X each (X one of 600 characters from U+4F00):
# 港's group is cut into parts (searchwrite.c).
node -e '
for (let i = 0; i < 4000; i++) {
	let body = "";
	for (let j = 0; j < 40; j++) body += "港" + String.fromCharCode(0x4F00 + (i * 7 + j * 13) % 600) + "。";
	console.log("%%\nurl: b/" + i + "/index.html\ntitle: 标题\ndate: 2024-05-01\nlevel: 市\nstatus_label: 现行有效\nstatus_class: current\n\n" + body);
}' >"$TAP_TMP/big.txt"
"$TAP_TMP/driver" "$TAP_TMP/big.txt" "$TAP_TMP/big" >/dev/null ||
	{ echo "Bail out! the driver failed on the big group"; exit 1; }
node "$HUIBIAN_TOP/tests/search/engine-test.js" "$TAP_TMP/site" "$HUIBIAN_TOP/tests/search/norm-cases.txt" "$TAP_TMP/big"
