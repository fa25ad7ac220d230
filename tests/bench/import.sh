#!/usr/bin/env bash
# import.sh - time `huibian import` on the largest seed (not a timed test).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../import/lib-import.sh"
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
for s in yuwangtai-huiqi-2025 zhengzhou-2022; do
	f="$HUIBIAN_TOP/tests/import/seeds/$s.txt"
	start=$(date +%s.%N)
	run_import "$f" --out "$out/$s" >/dev/null
	end=$(date +%s.%N)
	printf '%s: %d bytes, %s s\n' "$s" "$(stat -c %s "$f")" "$(echo "$end - $start" | bc)"
done
