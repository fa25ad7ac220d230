#!/usr/bin/perl
# depts.pl DIR... - check the depts="…" of every measure comment in the
# Markdown files under DIR: each unit (split at 、 ， ,) must be non-empty
# and free of sentence debris (职责, 分工, 负责, 按照, 等部门, 等相关, 等单位,
# 。) and of generic references (starting with 各, containing 有关/相关).
# Prints "file: unit" for each bad unit and "# N units, M distinct, K bad";
# exits 1 if any is bad or none was found.
use strict; use warnings; use utf8;
use File::Find;
binmode STDOUT, ':encoding(UTF-8)';
my (@files, %seen, $units, $bad);
find(sub { push @files, $File::Find::name if /\.md$/ }, @ARGV);
for my $f (sort @files) {
	open(my $fh, '<:encoding(UTF-8)', $f) or die "$f: $!\n";
	local $/; my $t = <$fh>; close $fh;
	while ($t =~ /<!-- measure\b[^>]*?\bdepts="([^"]*)"/g) {
		for my $u (split /、|，|,/, $1, -1) {
			$units++; $seen{$u}++;
			next unless $u eq '' || $u =~ /职责|分工|负责|按照|等部门|等相关|等单位|。|^各|有关|相关/;
			$bad++;
			print "$f: '$u'\n";
		}
	}
}
$units //= 0; $bad //= 0;
printf "# %d units, %d distinct, %d bad\n", $units, scalar(keys %seen), $bad;
exit($bad || !$units ? 1 : 0);
