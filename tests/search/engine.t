#!/usr/bin/env bash
# The search engine of static/search.js run in node against an index that
# generator/search*.c wrote for a small ranking corpus, and the normaliser
# cases shared with tests/unit/test_search_tok.c.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib.sh"
command -v node >/dev/null || { echo "1..0 # SKIP node is not installed"; exit 0; }
tap_tmpdir
build_driver "$TAP_TMP/driver" || { echo "Bail out! cannot build the search driver"; exit 1; }
"$TAP_TMP/driver" "$HUIBIAN_TOP/tests/search/rank-corpus.txt" "$TAP_TMP/site" >/dev/null ||
	{ echo "Bail out! the driver failed"; exit 1; }
node "$HUIBIAN_TOP/tests/search/engine-test.js" "$TAP_TMP/site" "$HUIBIAN_TOP/tests/search/norm-cases.txt"
