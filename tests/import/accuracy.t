#!/usr/bin/env bash
# accuracy.t - import the four seeds and compare with the hand-checked
# expected lists: boundary precision/recall/F1 and exact-match rates.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lib-import.sh"
tap_tmpdir
D="$HUIBIAN_TOP/tests/import"
for s in henan-gazette-2024-17 henan-gazette-2025-08 yuwangtai-huiqi-2025 zhengzhou-2022; do
	run_import "$D/seeds/$s.txt" --out "$TAP_TMP/$s" >/dev/null 2>"$TAP_TMP/$s.err"
	tap_ok $? "import $s"
	perl "$D/fields.pl" "$TAP_TMP/$s" | cut -f2- >"$TAP_TMP/$s.got"
done
perl -CSD -e '
my ($dir, $exp, @seeds) = @ARGV; my (%t, $fail);
for my $s (@seeds) {
	my @e = rd("$exp/$s.tsv"); my @g = rd("$dir/$s.got"); my %used; my $tp = 0;
	for my $x (@e) {
		my ($m) = grep { !$used{$_} && ($g[$_][0] eq $x->[0] || $g[$_][4] eq $x->[4]) } 0..$#g;
		next unless defined $m; $used{$m} = 1; $tp++;
		for my $f (0..3) { $t{$f}++ if $g[$m][$f] eq $x->[$f]; }
	}
	$t{tp} += $tp; $t{e} += @e; $t{g} += @g;
	printf "# %s: expected %d, got %d, matched %d\n", $s, scalar @e, scalar @g, $tp;
}
my $p = $t{tp} / ($t{g} || 1); my $r = $t{tp} / ($t{e} || 1); my $f1 = $p + $r ? 2 * $p * $r / ($p + $r) : 0;
printf "# boundaries: precision %.3f recall %.3f F1 %.3f\n", $p, $r, $f1;
my @n = qw(title number issuers signed); my $ok = $f1 >= 0.98;
for my $f (0..3) { my $x = ($t{$f} // 0) / ($t{e} || 1); printf "# %s exact: %.3f\n", $n[$f], $x; $ok = 0 if $x < 0.95; }
exit($ok ? 0 : 1);
sub rd { open my $fh, "<", shift or return (); map { chomp; [split /\t/, $_, -1] } <$fh> }
' "$TAP_TMP" "$D/expected" henan-gazette-2024-17 henan-gazette-2025-08 yuwangtai-huiqi-2025 zhengzhou-2022
tap_ok $? "boundary F1 >= 0.98 and field exact match >= 0.95"
# Importing twice gives identical files.
run_import "$D/seeds/henan-gazette-2024-17.txt" --out "$TAP_TMP/again" >/dev/null 2>&1
diff -r "$TAP_TMP/henan-gazette-2024-17" "$TAP_TMP/again" >/dev/null
tap_ok $? "import is deterministic"
tap_done
