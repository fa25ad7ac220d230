#!/usr/bin/perl
# compare.pl GOTDIR EXPDIR SEED... - compare the fields of imported documents
# (GOTDIR/SEED.got, written by fields.pl | cut -f2-) with the hand-made
# expected lists (EXPDIR/SEED.tsv: title, number, issuers, signed, body
# start).  Documents are matched in order, each expected one to the first
# unused imported one with the same title or the same non-empty number.
# Prints boundary precision/recall/F1 and per-field exact-match rates per
# seed and over all seeds; exit 0 only if F1 >= 0.98 and every field >= 0.95
# over all seeds.  An unmatched expected document counts as a miss in every
# field.  Mismatches are listed when COMPARE_VERBOSE is set.
use strict; use warnings; use utf8;
binmode STDOUT, ':encoding(UTF-8)';
my ($got, $exp, @seeds) = @ARGV;
my @fn = qw(title number issuers signed);
my (%tot, $ok);
sub rd { my $f = shift; open(my $fh, '<:encoding(UTF-8)', $f) or die "$f: $!\n";
	map { chomp; [split /\t/, $_, -1] } grep { /\S/ } <$fh> }
sub line { my ($name, $t) = @_;
	my $p = $t->{tp} / ($t->{g} || 1); my $r = $t->{tp} / ($t->{e} || 1);
	my $f1 = $p + $r ? 2 * $p * $r / ($p + $r) : 0;
	my @x = map { ($t->{$_} // 0) / ($t->{e} || 1) } @fn;
	printf "# %-24s docs exp %3d got %3d matched %3d  P %.3f R %.3f F1 %.3f | %s\n",
		$name, $t->{e}, $t->{g}, $t->{tp}, $p, $r, $f1,
		join(' ', map { sprintf "%s %.3f", $fn[$_], $x[$_] } 0..3);
	return ($f1, @x);
}
for my $s (@seeds) {
	my @e = rd("$exp/$s.tsv"); my @g = rd("$got/$s.got");
	my (%t, %used); my $next = 0;
	$t{e} = @e; $t{g} = @g; $t{tp} = 0;
	for my $x (@e) {
		my ($m) = grep { !$used{$_} && ($g[$_][0] eq $x->[0]
			|| ($x->[1] ne '' && $g[$_][1] eq $x->[1])) } 0..$#g;
		if (!defined $m) { print "#   $s: missing: $x->[0]\n" if $ENV{COMPARE_VERBOSE}; next }
		$used{$m} = 1; $t{tp}++;
		for my $f (0..3) {
			my $gv = $g[$m][$f] // '';
			if ($gv eq $x->[$f]) { $t{$fn[$f]}++ }
			elsif ($ENV{COMPARE_VERBOSE}) { print "#   $s: $fn[$f]: want [$x->[$f]] got [$gv]\n" }
		}
	}
	if ($ENV{COMPARE_VERBOSE}) { print "#   $s: extra: $g[$_][0]\n" for grep { !$used{$_} } 0..$#g }
	line($s, \%t);
	$tot{$_} += $t{$_} // 0 for qw(e g tp), @fn;
}
my ($f1, @x) = line('all seeds', \%tot);
$ok = $f1 >= 0.98 && !grep { $_ < 0.95 } @x;
exit($ok ? 0 : 1);
