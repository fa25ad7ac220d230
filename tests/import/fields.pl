#!/usr/bin/perl
# fields.pl DIR - print one TSV line per imported document of DIR in order:
# file, title, number, issuers joined by ；, signed, first 20 characters of the body.
use strict; use warnings; use utf8;
binmode STDOUT, ':encoding(UTF-8)';
my $dir = shift or die "usage: fields.pl DIR\n";
my @rows;
opendir(my $dh, $dir) or die "$dir: $!\n";
for my $f (grep { /\.md$/ && $_ ne '_index.md' } readdir $dh) {
	open(my $fh, '<:encoding(UTF-8)', "$dir/$f") or die "$f: $!\n";
	local $/; my $t = <$fh>; close $fh;
	my ($fm, $body) = $t =~ /\A---\n(.*?)\n---\n(.*)\z/s or die "$f: no front matter\n";
	my %v; my @iss;
	for (split /\n/, $fm) {
		if (/^  - "(.*)"$/) { push @iss, unq($1); next }
		$v{$1} = unq($2) if /^(\w+): "?(.*?)"?$/;
	}
	$body =~ s/<!--.*?-->//gs; $body =~ s/[#|\\\s\-]//g;
	push @rows, [$v{order} // 0, join("\t", $f, $v{title} // '', $v{number} // '',
		join('；', @iss), $v{signed} // '', substr($body, 0, 20))];
}
print "$_->[1]\n" for sort { $a->[0] <=> $b->[0] } @rows;
sub unq { my $s = shift; $s =~ s/\\(.)/$1/g; $s }
