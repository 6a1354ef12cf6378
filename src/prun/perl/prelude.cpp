#include <prun/perl/prelude.hpp>

namespace prun::perl {

// Requests (fields of one frame):
//   C max_jobs code...        compile; reply: per code "" or the error
//   E seq slot total n arg1..argn (expr index)...
//                             evaluate; reply: "1" if skip() was called, else "0", then per
//                             pair "q" + $_ (to be quoted), "u" + $_ (uq()) or "e" + error
// The helpers are GNU parallel's (parallel 20221122), with the same names and results.
// The protocol keeps its own handles: an expression that prints or reads stdin cannot
// break it (its stdout goes to prun's stderr, its stdin is /dev/null).
const char* const k_prelude = R"PERL(
use strict;
no warnings;
use POSIX ();
open(my $in, "<&", \*STDIN) or die "prun perl: $!";
open(my $out, ">&", \*STDOUT) or die "prun perl: $!";
open(STDIN, "<", "/dev/null");
open(STDOUT, ">&", \*STDERR);
binmode $in; binmode $out;
our (@arg, $prun_seq, $prun_slot, $prun_total, $prun_skip, $prun_uq);
$Global::max_jobs_running = 0;

sub prun_read {
    my $n = shift;
    my $buf = "";
    while (length($buf) < $n) {
        my $r = sysread($in, $buf, $n - length($buf), length($buf));
        exit 0 unless $r;
    }
    return $buf;
}
sub prun_reply {
    my $payload = pack("(N/a*)*", @_);
    my $data = pack("N", length $payload) . $payload;
    while (length $data) {
        my $w = syswrite($out, $data);
        exit 1 unless defined $w;
        substr($data, 0, $w) = "";
    }
}

package PrunJob;
sub seq { $main::prun_seq }
sub slot { $main::prun_slot }
sub skip { $main::prun_skip = 1 }
package main;

sub total_jobs { $prun_total }
sub seq { $prun_seq }
sub slot { $prun_slot }
sub skip { $prun_skip = 1 }
sub uq { $prun_uq = 1 }
sub Q {
    local $_ = $_[0];
    if (/[^-_.+a-z0-9\/]/i) {
        s/'/'"'"'/g;
        $_ = "'$_'";
        s/^''//;
        s/''$//;
        return $_;
    }
    return $_ eq "" ? "''" : $_;
}
sub pQ { my $a = $_[0]; $a =~ s/[\\\"\$\@]/\\$&/go if defined $a; return $a; }
sub hash { require B; B::hash(@_) }
sub strftime { POSIX::strftime(@_) }
sub yyyy_mm_dd_hh_mm_ss { POSIX::strftime("%Y-%m-%dT%H:%M:%S", localtime(time())) }
sub yyyy_mm_dd_hh_mm { POSIX::strftime("%Y-%m-%dT%H:%M", localtime(time())) }
sub yyyy_mm_dd { POSIX::strftime("%Y-%m-%d", localtime(time())) }
sub hh_mm_ss { POSIX::strftime("%H:%M:%S", localtime(time())) }
sub hh_mm { POSIX::strftime("%H:%M", localtime(time())) }
sub yyyymmddhhmmss { POSIX::strftime("%Y%m%d%H%M%S", localtime(time())) }
sub yyyymmddhhmm { POSIX::strftime("%Y%m%d%H%M", localtime(time())) }
sub yyyymmdd { POSIX::strftime("%Y%m%d", localtime(time())) }
sub hhmmss { POSIX::strftime("%H%M%S", localtime(time())) }
sub hhmm { POSIX::strftime("%H%M", localtime(time())) }
sub uniq { return keys %{{ map { $_ => 1 } @_ }}; }
sub make_regexp_ungreedy {
    my $regexp = shift;
    my ($class_state, $escape_state, $found, $ungreedy) = (0, 0, 0, "");
    for my $c (split(//, $regexp)) {
        if ($found) { $ungreedy .= "?" if $c ne "?"; $found = 0; }
        $ungreedy .= $c;
        if ($escape_state) { $escape_state = 0; next; }
        if ($c eq "\\") { $escape_state = 1; next; }
        if ($c eq '[') { $class_state = 1; next; }
        if ($class_state) { $class_state = 0 if $c eq ']'; next; }
        $found = 1 if $c =~ /[*}+]/;
    }
    $ungreedy .= '?' if $found;
    return $ungreedy;
}

my @prun_subs;
while (1) {
    my @f = unpack("(N/a*)*", prun_read(unpack("N", prun_read(4))));
    my $op = shift @f;
    if ($op eq "C") {
        $Global::max_jobs_running = shift @f;
        my @errors;
        for my $code (@f) {
            my $sub = eval("package main; sub { no strict; no warnings; my \$job = shift; "
                           . $code . "\n}");
            my $error = $@;
            chomp $error;
            push @prun_subs, $sub;
            push @errors, $sub ? "" : ($error ne "" ? $error : "does not compile");
        }
        prun_reply(@errors);
    } elsif ($op eq "E") {
        ($prun_seq, $prun_slot, $prun_total) = splice(@f, 0, 3);
        $prun_total = undef if $prun_total eq "";
        my @args = splice(@f, 0, shift @f);
        local @arg = (undef, @args);
        $prun_skip = 0;
        my $job = bless {}, "PrunJob";
        my @values;
        while (@f) {
            my ($e, $i) = splice(@f, 0, 2);
            $prun_uq = 0;
            local $_ = $i < @args ? $args[$i] : "";
            if (eval { $prun_subs[$e]->($job); 1 }) {
                push @values, ($prun_uq ? "u" : "q") . (defined $_ ? $_ : "");
            } else {
                my $error = $@;
                chomp $error;
                push @values, "e" . $error;
            }
        }
        prun_reply($prun_skip ? "1" : "0", @values);
    }
}
)PERL";

} // namespace prun::perl
