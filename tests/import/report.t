#!/usr/bin/env bash
# report.t - `huibian import --report` accounts for every input line: its
# check line "N lines in, M in documents, K in _index.md, J dropped as junk"
# adds up (N = M + K + J, N = the lines of the file), the dropped lines it
# lists are J, the document ranges follow each other, and no line is LOST.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-import.sh"
tap_tmpdir
D="$HUIBIAN_TOP/tests/import"
checkrep() {
	perl -e '
		my ($file, $n) = @ARGV; my ($m, $k, $j, $drop, $prev, $bad) = (0, 0, 0, 0, 0, "");
		open(my $fh, "<", $file) or die; my $check;
		while (<$fh>) {
			$check = [$1, $2, $3, $4] if /^check: (\d+) lines in, (\d+) in documents, (\d+) in _index.md, (\d+) dropped as junk$/;
			$bad .= "lost line; " if /LOST/;
			$drop++ if /^  dropped /;
			if (/^doc \d+ \S+: \S+?:(\d+)-(\d+) /) {
				$bad .= "range $1-$2 after $prev; " if $1 <= $prev || $2 < $1; $prev = $2;
			}
		}
		die "no check line\n" unless $check;
		my ($in, $d, $x, $jj) = @$check;
		$bad .= "in $in != file $n; " if $in != $n;
		$bad .= "$in != $d + $x + $jj; " if $in != $d + $x + $jj;
		$bad .= "dropped listed $drop != $jj; " if $drop != $jj;
		print "# $file: $bad\n" if $bad; exit($bad ? 1 : 0);
	' "$1" "$2"
}
for f in "$D"/seeds/*.txt "$D"/synthetic/*.txt; do
	s=$(basename "$f" .txt)
	run_import "$f" --out "$TAP_TMP/$s" --report >"$TAP_TMP/$s.rep" 2>/dev/null
	tap_ok $? "import --report $s"
	checkrep "$TAP_TMP/$s.rep" "$(awk 'END { print NR }' "$f")"
	tap_ok $? "report of $s adds up: $(tail -1 "$TAP_TMP/$s.rep" | grep -v LOST)"
done
# The check can fail: a report whose junk count is off does not add up.
n=$(awk 'END { print NR }' "$D/seeds/zhengzhou-2022.txt")
sed '$s/[0-9]* dropped as junk/5 dropped as junk/' "$TAP_TMP/zhengzhou-2022.rep" >"$TAP_TMP/bad.rep"
! checkrep "$TAP_TMP/bad.rep" "$n" >/dev/null
tap_ok $? "a check line that does not add up is detected"
tap_done
