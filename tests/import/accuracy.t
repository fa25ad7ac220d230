#!/usr/bin/env bash
# accuracy.t - import the four seeds and the two synthetic compilations
# and compare with the expected lists made by reading them
# (tests/import/expected/README.md): boundary precision/recall/F1 and
# exact-match rates per field, per input and overall.
# Also: the responsible units of the measures are clean unit names
# (depts.pl), the import of every seed passes `huibian check`, and
# importing twice gives identical files.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-import.sh"
tap_tmpdir
D="$HUIBIAN_TOP/tests/import"
SEEDS="henan-gazette-2024-17 henan-gazette-2025-08 yuwangtai-huiqi-2025 zhengzhou-2022"
SYNTH="binhe-huiqi-2024 binhe-gazette-2024-03"
mkdir -p "$TAP_TMP/site"
printf 'title: 测试\nlanguage: zh-CN\n' >"$TAP_TMP/site/site.yaml"
src() { if [ -f "$D/seeds/$1.txt" ]; then echo "$D/seeds/$1.txt"; else echo "$D/synthetic/$1.txt"; fi; }
for s in $SEEDS $SYNTH; do
	run_import "$(src "$s")" --out "$TAP_TMP/site/$s" >/dev/null 2>"$TAP_TMP/$s.err"
	tap_ok $? "import $s"
	perl "$D/fields.pl" "$TAP_TMP/site/$s" | cut -f2- >"$TAP_TMP/$s.got"
done
# The comparison must be able to fail: a list with one document dropped and
# one title changed scores below 100%.
sed '1d; 2s/^/X/' "$D/expected/henan-gazette-2025-08.tsv" >"$TAP_TMP/bad.got"
mkdir -p "$TAP_TMP/bad"; cp "$TAP_TMP/bad.got" "$TAP_TMP/bad/henan-gazette-2025-08.got"
out=$(perl "$D/compare.pl" "$TAP_TMP/bad" "$D/expected" henan-gazette-2025-08)
[ $? -ne 0 ] && echo "$out" | grep -q 'matched   5 .*F1 0.909'
tap_ok $? "comparison detects a lost and a mistitled document"
COMPARE_VERBOSE=${COMPARE_VERBOSE:-} perl "$D/compare.pl" "$TAP_TMP" "$D/expected" $SEEDS
tap_ok $? "boundary F1 >= 0.98 and title/number/issuers/signed exact match >= 0.95 over the four seeds"
COMPARE_VERBOSE=${COMPARE_VERBOSE:-} perl "$D/compare.pl" "$TAP_TMP" "$D/expected" $SYNTH
tap_ok $? "the same targets on the two synthetic compilations"
# Responsible units (depts="…"): no sentence debris, no generic references,
# on all six inputs; the check must be able to fail.
mkdir -p "$TAP_TMP/baddepts"
printf '1. x\n\n<!-- measure depts="省发展改革委、财政厅按职责" -->\n' >"$TAP_TMP/baddepts/a.md"
out=$(perl "$D/depts.pl" "$TAP_TMP/baddepts")
[ $? -ne 0 ] && echo "$out" | grep -q "'财政厅按职责'"
tap_ok $? "the depts check detects 财政厅按职责"
perl "$D/depts.pl" "$TAP_TMP/site" >"$TAP_TMP/depts.out"
rc=$?
sed 's/^/# /' "$TAP_TMP/depts.out" | tail -20
tap_ok $rc "every depts unit of the six imports is a unit name (no 职责/分工/负责/按照/等部门/等相关/等单位, none empty or generic)"
# Units as printed in the seeds: 司法厅和省直各有关部门按职责分工牵头负责,
# 残联等牵头部门及省直各有关部门, 郑州、南阳、许昌市政府, and a note whose
# first line the PDF text put before its bracket.
want() { # want INPUT UNITS: some measure of INPUT has exactly depts="UNITS"
	grep -rqF "depts=\"$2\"" "$TAP_TMP/site/$1" || { echo "# no depts=\"$2\" in $1"; false; }
}
want yuwangtai-huiqi-2025 "省行政审批政务信息管理局、司法厅" &&
	want yuwangtai-huiqi-2025 "省发展改革委、教育厅、人力资源社会保障厅、自然资源厅、住房城乡建设厅、交通运输厅、卫生健康委、市场监管局、行政审批政务信息管理局、残联" &&
	want yuwangtai-huiqi-2025 "省商务厅、财政厅、农业农村厅、郑州市政府、南阳市政府、许昌市政府" &&
	want henan-gazette-2024-17 "航空港区管委会、省发展改革委、财政厅、商务厅、人力资源社会保障厅" &&
	want binhe-huiqi-2024 "市工业和信息化局、市财政局"
tap_ok $? "depts of notes split by 和/及, sharing an ending, displaced or broken across lines"
if [ -x "$HUIBIAN" ]; then
	"$HUIBIAN" check --content "$TAP_TMP/site" >"$TAP_TMP/check.out" 2>&1
	rc=$?
	[ $rc -ne 0 ] && sed 's/^/# /' "$TAP_TMP/check.out" | head -20
	tap_ok $rc "huibian check passes on the import of all six inputs"
fi
run_import "$D/seeds/henan-gazette-2024-17.txt" --out "$TAP_TMP/again" >/dev/null 2>&1
diff -r "$TAP_TMP/site/henan-gazette-2024-17" "$TAP_TMP/again" >/dev/null
tap_ok $? "import is deterministic"
tap_done
