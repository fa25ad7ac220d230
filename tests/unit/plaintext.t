#!/usr/bin/env bash
# plaintext_render against cmark_render_plaintext: constructed cases, then
# every document of the demo content and of the test fixtures.
. "$(dirname "$0")/../lib.sh"
bin="$HUIBIAN_BUILD/tests/test_plaintext"
[ -x "$bin" ] || { echo "Bail out! $bin is not built (run ./build.sh test)"; exit 1; }
mapfile -t files < <(find "$HUIBIAN_TOP/content" "$HUIBIAN_TOP/tests/fixtures" -name '*.md' | sort)
exec "$bin" "${files[@]}"
