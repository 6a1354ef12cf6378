// The command line's options, declared with CLI11: the only file that includes it (it is
// large and slow to compile). Each option is bound either to its Options field, when its
// value needs no checking, or to a RawValues field that resolve.cpp checks and combines.
//
// To add an option: declare it in its section's add_*_options below; if its value needs
// checking, give it a RawValues field (resolve.hpp) and resolve it in its section's resolve*.cpp.

#include <charconv>
#include <iostream>
#include <utility>

// GCC 12 at -O2 sees a null dereference in CLI11's detail::split (a vector<string> growing
// from empty, inlined into add_option), a false positive of the kind shell_context.cpp
// notes; the ci preset's -Werror would stop on it. Only for CLI11's own code.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <CLI/CLI.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <prun/cli/gnu_environment.hpp>
#include <prun/cli/gnu_options.hpp>
#include <prun/cli/help_text.hpp>
#include <prun/cli/on_all.hpp>
#include <prun/cli/parse.hpp>
#include <prun/cli/resolve.hpp>
#include <prun/cli/resolve_memsuspend.hpp>
#include <prun/cli/suggest.hpp>
#include <prun/proc/arg_limits.hpp>
#include <prun/util/cpu_topology.hpp>
#include <prun/util/error.hpp>
#include <prun/version.hpp>

namespace prun {

namespace {

// Flags that answer instead of running (GNU parallel's --number-of-cores, ...).
struct GnuActions {
    bool number_of_sockets = false;
    bool number_of_cores = false;
    bool number_of_threads = false;
    bool will_cite = false;
    std::optional<std::string> minversion;
};

// The GNU parallel version whose options and meanings prun follows (--minversion).
constexpr unsigned long k_gnu_version = 20221122;

// An enumeration's words, mapped to its values by CLI11's CheckedTransformer; another word
// is refused with prun's one-line error ("expected auto, always or never").
template <class Enum>
CLI::Validator one_of(const std::string& option, std::vector<std::pair<std::string, Enum>> words) {
    std::string expected;
    for (std::size_t i = 0; i < words.size(); ++i)
        expected += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i].first;
    CLI::Validator checked = CLI::CheckedTransformer(std::move(words));
    return CLI::Validator(
        [checked, option, expected](std::string& value) {
            std::string typed = value;
            if (!checked(value).empty())
                throw Error("invalid value '{}' for {}: expected {} {}", typed, option, expected,
                            k_usage_hint);
            return std::string();
        },
        "");
}

// `source`: where the word came from ("PRUN_OPTS", a profile's path), "" for the command line.
Error unknown_option(const std::string& word, const std::string& source,
                     const std::vector<std::string>& names) {
    std::string where = source.empty() ? "" : " in " + source;
    if (is_gnu_only_option(word))
        return Error("'{}'{} is a GNU parallel option that prun does not implement (see "
                     "docs/coming-from-parallel.md)",
                     word.substr(0, word.find('=')), where);
    std::string hint;
    if (auto suggestion = suggest_option(word, names))
        hint = fmt::format("; did you mean '{}'?", *suggestion);
    return Error("unknown option '{}'{}{} {}", word, where, hint, k_usage_hint);
}

// One function per --help section, in its order, so each feature adds its options in one
// place. Each sets the section (the group) of the options it adds.
void add_input_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Input");
    // One FILE per -a (GNU: "-a f echo" runs echo); each -a adds a source.
    app.add_option("-a,--arg-file", raw.arg_files, "Read arguments from FILE, one per line")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("FILE");
    app.add_flag("-0,--null", raw.null, "Input records end with NUL, not newline");
    app.add_option("-d,--delimiter", raw.delimiter,
                   "Input records end with STR, also in ::: values (\\n, \\t, \\0, \\NNN ok)")
        ->type_name("STR");
    app.add_option("-E", options.eof, "The input ends before a value equal to STR")
        ->type_name("STR");
    app.add_flag("--skip-first-line", options.skip_first,
                 "Leave out the first line of the first input (with --pipe, of stdin)");
    app.add_flag("-r,--no-run-if-empty", options.skip_blank,
                 "Leave out input values that are empty or only white space");
    app.add_option("--arg-sep", options.arg_sep, "Use STR instead of ::: (and STR+ for :::+)")
        ->type_name("STR");
    app.add_option("--arg-file-sep", options.arg_file_sep,
                   "Use STR instead of :::: (and STR+ for ::::+)")
        ->type_name("STR");
    app.add_option("-I", options.replace_token, "Use STR instead of {} for the arguments")
        ->type_name("STR");
    // GNU's renaming of the standard strings, as -I renames {}.
    for (auto [names, standard] : {std::pair{"--extensionreplace,--er", "{.}"},
                                   {"--basenamereplace,--bnr", "{/}"},
                                   {"--dirnamereplace,--dnr", "{//}"},
                                   {"--basenameextensionreplace,--bner", "{/.}"},
                                   {"--seqreplace", "{#}"},
                                   {"--slotreplace", "{%}"}}) {
        app.add_option_function<std::string>(
               names,
               [&options, standard = std::string(standard)](const std::string& value) {
                   options.syntax.renames.emplace_back(standard, value);
               },
               fmt::format("Use STR instead of {}", standard))
            ->type_name("STR");
    }
    app.add_flag("--plus", options.syntax.plus,
                 "GNU's extra replacement strings: {+/} {+.} {..} {##} {:-str} {%str} ...");
    app.add_option("--rpl", options.syntax.rpl,
                   "Define a replacement string: 'TAG perl-expression' ({TAG(regex)} for "
                   "arguments $$1 ...)")
        ->type_name("'TAG PERL'")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--parens", options.syntax.parens,
                   "Brackets of perl expressions, left half and right half (default {==})")
        ->type_name("LR");
    app.add_flag("--link,--xapply", options.link,
                 "Pair the input sources instead of combining them (shorter ones repeat); "
                 "':::+' and '::::+' pair one source with the one before");
    app.add_option("-N,--max-replace-args", raw.max_replace_args,
                   "N arguments per job, {1}..{N}; a word with {} is repeated for each")
        ->type_name("N");
    app.add_option("-n,--max-args", raw.max_args, "N arguments per job, all of them in {}")
        ->type_name("N");
    app.add_option("-L,--max-lines", raw.max_lines,
                   "N input lines per job, as -N; a line ending in a blank continues")
        ->type_name("N");
    app.add_flag("-m", raw.multiple,
                 "As many arguments per job as the command line has room for, all in {} "
                 "(spread over the job slots when the input is small)");
    app.add_flag("-X", raw.context,
                 "As -m, but a word holding {} is repeated for each argument (x{}y: xay xby)");
    app.add_flag("--xargs", raw.xargs, "As -m, without spreading the arguments over the job slots");
    app.add_option("-s,--max-chars", raw.max_chars,
                   "A command line is shorter than N characters (default and most: ARG_MAX "
                   "less the environment, at most 128 KiB)")
        ->type_name("N");
    app.add_flag("-x,--exit", raw.exit_if_exceeded,
                 "With -n/-N/-L: stop (exit 255) when a job's arguments do not all fit in the "
                 "line (-s), instead of giving it fewer");
    app.add_flag("--show-limits", raw.show_limits,
                 "Print the longest command line and the one -m/-X/-s use, then run");
    app.add_flag("--max-line-length-allowed", raw.max_line_length,
                 "Print the longest command line a job can have, and exit");
    app.add_option("-C,--colsep", options.colsep,
                   "Split each input line into columns {1} {2} ... at REGEX")
        ->type_name("REGEX");
    app.add_flag("--csv", options.csv,
                 "Input lines are CSV records (quoted fields may hold the separator, \"\" and "
                 "newlines), split into columns {1} {2} ... at --colsep (default: ,)");
    app.add_option("--trim", raw.trim,
                   "Trim white space off arguments: n, l, r or lr (default: lr with --colsep)")
        ->type_name("n|l|r|lr");
    app.add_option("--header", raw.header,
                   "The first line of each input names its columns, for {name} (as GNU, "
                   "any REGEX but 0 means one line: --header :)")
        ->type_name("REGEX");
    app.add_option("-f,--jobfile", raw.jobfile,
                   "Run the jobs of a JSON job file (- for stdin), with their dependencies")
        ->type_name("FILE");
    app.add_flag(
        "--jsonl", options.jsonl,
        "The job file is JSON Lines, read as a stream (by default, told from the content)");
}

void add_execution_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Execution");
    app.add_option("-j,--jobs", raw.jobs,
                   "Jobs at once: N, N% or +N/-N of CPUs, 0 = no limit (default: CPUs)")
        ->type_name("N");
    app.add_option("--shell", raw.shell,
                   "Run every command with SHELL (default, when needed: $PARALLEL_SHELL, the "
                   "shell prun was started from, $SHELL, /bin/sh)")
        ->type_name("SHELL");
    app.add_flag("--no-shell", raw.no_shell,
                 "Take the command literally: split it into words at blanks, no shell syntax");
    app.add_option("--nice", raw.nice, "Run the jobs N steps nicer than prun (as nice -n N)")
        ->type_name("N");
    app.add_option("--process-slot-var", raw.process_slot_var,
                   "Set NAME in each job's environment to its job slot number - 1")
        ->type_name("NAME");
    app.add_option("--filter", options.filters,
                   "Run only the jobs for which FILTER, perl code with replacement strings "
                   "(values as data), is true, e.g. '{1} < {2}'; may be given more than once")
        ->type_name("FILTER")
        ->allow_extra_args(false);
    app.add_option("--load", options.load_limits.load,
                   "Start a job only while fewer than MAX processes run or wait for the disk "
                   "(MAX as -j: N, N%, +N, -N of CPUs; or a file holding it)")
        ->type_name("MAX");
    app.add_option("--memfree", raw.memfree,
                   "Start a job only while SIZE bytes of memory are free; below half of it "
                   "the youngest job is killed (and retried if --retries allows)")
        ->type_name("SIZE");
    app.add_option("--memsuspend", raw.memsuspend,
                   "Start a job only while SIZE bytes of memory are free; below twice SIZE "
                   "suspend the youngest jobs (one runs below SIZE), resume them above")
        ->type_name("SIZE");
    app.add_flag("--noswap", options.load_limits.noswap,
                 "Start no job while the machine swaps both in and out");
    app.add_option("--limit", options.load_limits.limit,
                   "Before starting a job run CMD: exit 0 starts it, 1 waits, 2 kills the "
                   "youngest job; built in: 'mem SIZE', 'load N', 'io PERCENT'")
        ->type_name("CMD");
    app.add_option("--tmpl,--template", raw.templates,
                   "Fill the replacement strings of template FILE per job (values as they are, "
                   "not quoted) and write it to NAME (itself expanded); may be given more than "
                   "once")
        ->type_name("FILE=NAME")
        ->allow_extra_args(false);
    app.add_flag("--dry-run", options.dry_run, "Print the commands instead of running them");
    app.add_flag("--shell-quote,--shellquote", options.shell_quote_only,
                 "Print each job's command and arguments as one shell-quoted word; run nothing");
    app.add_option("--tmpdir", raw.tmpdir,
                   "Keep temporary files (held output) in DIR, and set $TMPDIR to it for the "
                   "jobs (default: $TMPDIR, else /tmp)")
        ->type_name("DIR");
    app.add_option("--wd", raw.workdir,
                   "Run each job in DIR (replacement strings allowed; it must exist); . is "
                   "prun's directory (on hosts, the same path under the home), ... a new folder "
                   "per job, removed after it")
        ->type_name("DIR");
    app.add_flag("--shuf", options.shuffle,
                 "Read every job first, then run them in a random order ({#} numbers that "
                 "order)");
    // Read by expand_shebang (cli/shebang.hpp) as prun's first word; here only to be refused
    // anywhere else.
    app.add_flag("--shebang,--hashbang", raw.shebang,
                 "First on a script's #! line (#!/usr/bin/prun --shebang -r echo): the "
                 "script's other lines are the arguments");
    app.add_flag("--shebang-wrap", raw.shebang,
                 "First on a script's #! line (#!/usr/bin/prun --shebang-wrap /usr/bin/python3): "
                 "the script runs once for each of its arguments");
    app.add_flag("-q,--quote", options.quote_command,
                 "Quote the command's words, so that the shell runs them as typed (replacement "
                 "strings still work)");
}

// Not in --help: GNU parallel's CPU counts, printed instead of running anything, and its
// notice silencers (prun prints no notice, so there is nothing to silence).
void add_gnu_action_options(CLI::App& app, GnuActions& actions, RawValues& raw) {
    app.option_defaults()->group("");
    app.add_option("--minversion", actions.minversion);
    app.add_flag("--use-sockets-instead-of-threads,--use-cpus-instead-of-cores",
                 raw.cpus_are_sockets);
    app.add_flag("--use-cores-instead-of-threads", raw.cpus_are_cores);
    app.add_flag("--number-of-sockets", actions.number_of_sockets);
    app.add_flag("--number-of-cpus,--number-of-cores", actions.number_of_cores);
    app.add_flag("--number-of-threads", actions.number_of_threads);
    app.add_flag("--will-cite,--citation,--bibtex", actions.will_cite);
}

void add_output_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Output");
    app.add_flag("--group", raw.group, "Print each job's output when it ends (default)");
    app.add_flag("--line-buffer,--lb", raw.line_buffer, "Print whole lines as jobs produce them");
    app.add_flag("-u,--ungroup", raw.ungroup, "Print output as it comes, unbuffered");
    app.add_flag("-k,--keep-order", options.keep_order, "Print output in input order");
    app.add_flag("--no-keep-order", raw.no_keep_order,
                 "Cancel -k wherever it is given (a profile, PRUN_OPTS): output as jobs end");
    app.add_flag("--tag", options.tag, "Prefix each output line with the job's arguments");
    app.add_flag("--files", options.files,
                 "Save each job's stdout in a file of its own ($TMPDIR/parXXXXX.par, or under "
                 "--results DIR) and print the file's name instead; not with -u");
    app.add_flag("--compress", raw.compress,
                 "Compress held output that goes to the temporary file (zstd, inside prun)");
    app.add_option("--compress-program", raw.compress_program,
                   "Compress it with PRG instead, a filter from stdin to stdout (implies "
                   "--compress)")
        ->type_name("PRG");
    app.add_option("--decompress-program", raw.decompress_program,
                   "Decompress it with PRG (default: the --compress-program with -dc)")
        ->type_name("PRG");
    app.add_option("--tagstring", options.tagstring, "Prefix each output line with STR (expanded)")
        ->type_name("STR");
    app.add_option("--color", options.color,
                   "Colour tags and failures: auto, always, never (default: auto)")
        ->type_name("WHEN")
        ->transform(one_of<ColorMode>("--color", {{"auto", ColorMode::automatic},
                                                  {"always", ColorMode::always},
                                                  {"never", ColorMode::never}}));
    app.add_flag("--color-failed,--cf", options.color_failed,
                 "Show a failed job's output (and tag) white on red, as GNU; not with -u, "
                 "--line-buffer or --files");
}

void add_failure_options(CLI::App& app, RawValues& raw) {
    app.option_defaults()->group("Failure handling");
    app.add_option("--timeout", raw.timeout,
                   "Kill a job running longer than DURATION (30, 2.5s, 5m, 1h), or N% of "
                   "the median runtime; it gets SIGTERM, then SIGKILL")
        ->type_name("DURATION");
    app.add_option("--term-timeout", raw.term_timeout,
                   "Grace from SIGTERM to SIGKILL for a timed-out job (default: 3s)")
        ->type_name("DURATION");
    app.add_option("--retries", raw.retries, "Try a failing job up to N times in all (default: 1)")
        ->type_name("N");
    app.add_option("--halt", raw.halt,
                   "Stop early: never (default), or now|soon,fail|success|done=N|N% "
                   "(now kills running jobs, soon lets them finish)")
        ->type_name("WHEN");
    app.add_option("--term-seq", raw.term_seq,
                   "How a job is stopped: signals and milliseconds to wait after each, e.g. "
                   "TERM,200,TERM,100,TERM,50,KILL,25 (SIGKILL if it outlives them)")
        ->type_name("SEQ");
    app.add_flag("--retry-failed", raw.retry_failed,
                 "Run again the jobs that failed in the --joblog, with their logged commands "
                 "(the command line's command and arguments are not used)");
    app.add_option("--delay", raw.delay, "Wait DURATION between job starts")->type_name("DURATION");
}

void add_pipe_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Pipe");
    app.add_flag("--pipe", options.pipe.enabled,
                 "Split stdin into blocks of whole records and give each to a job's stdin; "
                 "the command runs once per block ({#} numbers them)");
    app.add_flag("--pipepart,--pipe-part", raw.pipepart,
                 "As --pipe, from the file given with -a or :::: (seekable): blocks found by "
                 "seeking, spliced to the jobs without passing through prun");
    app.add_option("--block,--block-size", raw.block,
                   "With --pipe: blocks of about SIZE bytes (default 1M; K M G are 1024-based, "
                   "k m g 1000-based); a longer record gets a block of its own; with "
                   "--pipepart, -N is N blocks per job slot (default -10)")
        ->type_name("SIZE");
    app.add_option("--block-timeout,--bt,--blocktimeout", raw.block_timeout,
                   "With --pipe: a block not complete after DURATION is cut at its last whole "
                   "record and given to a job")
        ->type_name("DURATION");
    app.add_option("--recend", raw.recend,
                   "With --pipe: records end with STR (default \\n; \\n \\t \\r \\0 \\\\ ok)")
        ->type_name("STR");
    app.add_option("--recstart", raw.recstart,
                   "With --pipe: records start with STR (with --recend too, a record boundary "
                   "is where both match)")
        ->type_name("STR");
    app.add_flag("--regexp,--regex", raw.regexp,
                 "With --pipe: --recend and --recstart are (Perl) regular expressions");
    app.add_flag("--rrs,--remove-rec-sep,--removerecsep", options.pipe.records.remove_separators,
                 "With --pipe: remove the record separators from each block");
    app.add_option("--group-by,--groupby", raw.group_by,
                   "With --pipe (implied): blocks end only where column COL (a number, or a "
                   "name in the first line) changes; lines split with --colsep (default tab)")
        ->type_name("COL");
    app.add_option("--shard", raw.shard,
                   "With --pipe: start -j jobs and give each line to one of them by a hash of "
                   "column COL (a number, or a name in the first line; --colsep, default ',')")
        ->type_name("COL");
    app.add_option("--bin", raw.bin,
                   "As --shard, but column COL's value is the job's number (modulo -j; 0 and "
                   "non-numbers to the last)")
        ->type_name("COL");
    app.add_flag("--tee", raw.tee,
                 "With --pipe or --pipepart: the jobs come from the arguments (:::), all run at "
                 "once, and each gets all of the input");
    app.add_flag("--cat", raw.cat,
                 "With --pipe (implied) or --pipepart: each job's block in a temporary file, "
                 "named by {} and $PARALLEL_TMP, instead of on its stdin");
    app.add_flag("--fifo", raw.fifo,
                 "As --cat, but the file is a named pipe the block comes through (the command "
                 "must open it)");
    app.add_flag("--round-robin", options.pipe.round_robin,
                 "With --pipe: start only -j jobs and deal the blocks to them as they take "
                 "them; each job's stdin ends with the input");
}

void add_semaphore_options(CLI::App& app, RawValues& raw) {
    app.option_defaults()->group("Semaphore (also as `sem`)");
    app.add_flag("--semaphore", raw.semaphore,
                 "Run the command once while holding one of -j slots (default 1) of a "
                 "semaphore shared by prun invocations");
    app.add_option("--id,--semaphore-name,--semaphorename", raw.semaphore_id,
                   "The semaphore's name (default: the terminal's name)")
        ->type_name("NAME");
    app.add_flag("--fg", raw.fg, "Wait for the command and exit with its status");
    app.add_flag("--bg", raw.bg, "Return once a slot is held; the command runs on (default)");
    app.add_flag("--wait", raw.wait, "Wait until no command holds the semaphore");
    app.add_option("--semaphore-timeout,--semaphoretimeout,--st", raw.semaphore_timeout,
                   "Wait at most DURATION for a slot, then run anyway (or give up, exit 1, "
                   "for -DURATION)")
        ->type_name("DURATION");
}

void add_remote_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Remote hosts");
    app.add_option("-S,--sshlogin", raw.sshlogins,
                   "Run jobs on these hosts over ssh: comma-separated [@G1+G2/][N/][user@]host, "
                   "':' for this machine, N jobs at once on the host (default: the -j value), "
                   "in hostgroups G1 and G2 (--hostgroups); @G alone: only the hosts of G")
        ->type_name("HOSTS")
        ->allow_extra_args(false);
    app.add_option("--slf", raw.sshlogin_files,
                   "Read hosts from FILE, one per line ('#' starts a comment)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--ssh", raw.ssh,
                   "The ssh command and its options (default: $PRUN_SSH, else ssh)")
        ->type_name("CMD");
    app.add_flag("--transfer", options.transfer,
                 "Copy each job's arguments (files) to its host before the job");
    app.add_option("--return", options.return_files,
                   "Copy FILE back from the host after the job (replacement strings "
                   "allowed, e.g. {}.gz); may be given more than once")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--transferfile,--tf", options.transfer_file_templates,
                   "Copy FILE to the host before the job (replacement strings allowed; "
                   "--transfer is --transferfile {}); may be given more than once")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--basefile,--bf", options.basefiles,
                   "Copy FILE to each host before its first job (removed at the end with "
                   "--cleanup); may be given more than once")
        ->type_name("FILE")
        ->allow_extra_args(false);
    app.add_option("--ssh-delay", raw.ssh_delay,
                   "Wait DURATION between job starts (GNU's delay between its ssh logins; "
                   "--delay wins when given)")
        ->type_name("DURATION");
    app.add_flag("--onall", raw.onall,
                 "Run every job on every host: one prun per host (-j1 there), -j hosts at "
                 "once (default: all); each host's output together, --tag tags it with the host");
    app.add_flag("--nonall", raw.nonall,
                 "Run the command once on every host, with no arguments "
                 "(as --onall)");
    app.add_flag("--hostgroups,--hgrp", options.host_groups,
                 "An argument's @G1+G2 is cut off and names the hostgroups its job may run in: "
                 "the hosts given as @G1+G2/host (and each host's own name)");
    app.add_flag("--filter-hosts", options.filter_hosts,
                 "Start no job until every host has connected or failed, and leave out those "
                 "that failed without a warning");
    app.add_option("--env", raw.env,
                   "Give remote jobs the variable NAME of prun's environment (and the bash "
                   "function NAME exported with export -f); _ for all but those listed in "
                   "$PARALLEL_HOME/ignored_vars (local jobs have them all anyway)")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--record-env", raw.record_env,
                 "Write the names of the variables set now to $PARALLEL_HOME/ignored_vars, "
                 "which --env _ leaves out, and exit");
    app.add_flag("--cleanup", options.cleanup,
                 "Remove the --transfer, --transferfile and --return files from the host after "
                 "the job, the --basefile files at the end, and --tmpl's filled-in files");
    app.add_flag("--no-worker", options.no_worker,
                 "No prun worker per host or Slurm node: each remote job is an ssh session of "
                 "its own, each --slurm job a step");
    app.add_flag("--worker", options.worker,
                 "Internal: run as the worker another prun starts on a host (jobs and their "
                 "events as frames on stdin/stdout); not for people");
}

void add_slurm_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Slurm");
    app.add_flag("--slurm", options.slurm,
                 "Run each job as a step (srun --exclusive -n1 -N1) of the Slurm allocation "
                 "prun runs in (salloc, sbatch); -j defaults to its task count");
    app.add_option("--slurm-args", raw.slurm_args,
                   "More srun options for each step, e.g. '--cpus-per-task=2 --mem=1G'")
        ->type_name("ARGS");
}

void add_report_options(CLI::App& app, Options& options, RawValues& raw) {
    app.option_defaults()->group("Reports");
    app.add_flag("--timings", options.timings, "Print a timing line per job and a summary");
    app.add_option("--joblog", raw.joblog, "Log each job to FILE in GNU parallel's joblog format")
        ->type_name("FILE");
    app.add_flag("--resume", raw.resume, "Skip the jobs already in the --joblog");
    app.add_flag("--resume-failed", raw.resume_failed,
                 "Skip the jobs that succeeded in the --joblog; run the others");
    app.add_option("--report", raw.report,
                   "Write a JSON report of the run to FILE (- for stdout, after the jobs' output)")
        ->type_name("FILE");
    app.add_option("--events", raw.events,
                   "Write each job's start and end to FILE as JSON Lines (- for stdout)")
        ->type_name("FILE");
    app.add_option("--timeline", raw.timeline,
                   "Draw the run as a Gantt chart in FILE (.svg, or .html for a page)")
        ->type_name("FILE");
    app.add_option("--results", raw.results,
                   "Save each job's stdout, stderr and exit code under DIR, a folder per job")
        ->type_name("DIR");
    app.add_flag("--bar", raw.bar, "Progress bar on a terminal: done, failed, ETA, jobs/s");
    app.add_option("--total-jobs,--total", raw.total_jobs,
                   "The number of jobs for --bar, --progress, {##} and --halt's N%, instead of "
                   "reading the input ahead to count them")
        ->type_name("N");
    app.add_flag("--progress", raw.progress, "Progress line on a terminal (--bar without the bar)");
    app.add_flag("--eta", raw.eta, "Same as --progress (its line always has the ETA)");
    app.add_flag("-v", options.verbose, "Print each command before its output, on stdout");
    app.add_flag("--silent", raw.silent, "Cancel -v wherever it is given (not -t)");
    app.add_flag("-t,--verbose", options.trace, "Print each command on stderr as it starts");
    app.add_flag("--debug", options.debug, "Print prun's debug diagnostics on stderr");
}

// The help's usage line and layout: prun's real synopsis (CLI11 knows only "[OPTIONS]"),
// one blank line between sections, descriptions wrapped to the terminal (help_text.hpp).
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* option, bool positional) const override {
        return wrap_help_entry(make_option_name(option, positional) + make_option_opts(option),
                               make_option_desc(option), get_column_width(), help_width());
    }
    std::string make_usage(const CLI::App*, std::string) const override {
        return "Usage: prun [OPTIONS] [COMMAND [ARG...]] [::: ARG...]... [:::: FILE...]...\n\n";
    }
    std::string make_group(std::string group, bool positional,
                           std::vector<const CLI::Option*> options) const override {
        std::string text = group + ":\n";
        for (const CLI::Option* option : options)
            text += make_option(option, positional);
        return text;
    }
};

constexpr const char* k_help_footer = R"(Examples:
  prun -j4 gzip {} ::: *.log                  compress the logs, four at a time
  find . -name '*.c' | prun cc -c {}          arguments from stdin, one per line
  prun -k --tag ./test.sh ::: a b c           output in input order, tagged
  prun --bar 'convert {} {.}.png' ::: *.svg   a progress bar with the ETA
  prun -j8 < commands.txt                     each input line is a command

Default options are read, in this order, from $PARALLEL_HOME/config (default
~/.parallel/config; or the -J profiles instead), $PARALLEL and PRUN_OPTS (e.g.
PRUN_OPTS='-j4 --color always'), then the command line overrides them.
See prun(1) and docs/guide.md for more.

Replacement strings (in the command; see prun(1)):
  {}   the argument         {.}   without extension     {/}  basename
  {//} its directory        {/.}  basename, no ext.     {#}  job number
  {%}  job slot             {n}   n-th input or --colsep column ({n.} {n/} ...)

Job files (-f FILE, - for stdin): JSON, {"jobs": [{"name": "a", "cmd": "...",
"needs": ["b"]}, ...]}, or JSON Lines (a job a line): see JOB FILES in prun(1)
and the schema, docs/schema/jobfile.schema.json.)";

std::vector<std::string> long_option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& name : option->get_lnames())
            names.push_back("--" + name);
    return names;
}

Error not_an_option(const std::string& source, const std::string& word) {
    return Error("{} holds '{}', which is not an option: {} may hold options only", source, word,
                 source);
}

// Profiles, $PARALLEL and PRUN_OPTS hold options only, each complete on its own (GNU
// parses each apart: an option's value is never the next source's first word).
void check_options_only(const OptionSource& source, const CLI::App& app,
                        const std::function<bool(std::string_view)>& takes_value,
                        const std::vector<std::string>& names) {
    std::size_t end = walk_options(source.words, takes_value, [&](std::size_t i) {
        const std::string& word = source.words[i];
        std::string name =
            word.starts_with("--") ? word.substr(0, word.find('=')) : word.substr(0, 2);
        if (app.get_option_no_throw(name) == nullptr)
            throw unknown_option(word, source.name, names);
    });
    if (end < source.words.size()) throw not_an_option(source.name, source.words[end]);
    if (end > source.words.size())
        throw Error("'{}' at the end of {} has no value {}", source.words.back(), source.name,
                    k_usage_hint);
}

// GNU reads -J/--profile and --plain from the command line first: they choose which
// default options are read at all.
ProfileChoice profile_choice(const std::vector<std::string>& words,
                             const std::function<bool(std::string_view)>& takes_value) {
    ProfileChoice choice;
    walk_options(words, takes_value, [&](std::size_t i) {
        const std::string& word = words[i];
        if (word == "--plain")
            choice.plain = true;
        else if ((word == "-J" || word == "--profile") && i + 1 < words.size())
            choice.profiles.push_back(words[i + 1]);
        else if (word.starts_with("--profile="))
            choice.profiles.push_back(word.substr(10));
        else if (word.starts_with("-J") && word.size() > 2)
            choice.profiles.push_back(word.substr(2));
    });
    return choice;
}

} // namespace

ParsedCommandLine parse_command_line(const std::vector<std::string>& args,
                                     const DefaultOptionReader& read_defaults,
                                     const Environment& env) {
    Options options;
    RawValues raw;
    GnuActions actions;
    CLI::App app{"prun: run commands in parallel, safely and fast", "prun"};
    app.prefix_command(); // the first positional word and everything after it are the command
    app.formatter(std::make_shared<HelpFormatter>());
    app.footer(k_help_footer);
    app.set_help_flag(); // re-added last, so the option sections come first
    // An option given twice takes its last value (getopt's way), so the command line can
    // override PRUN_OPTS.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    add_input_options(app, options, raw);
    add_execution_options(app, options, raw);
    add_gnu_action_options(app, actions, raw);
    add_output_options(app, options, raw);
    add_failure_options(app, raw);
    add_pipe_options(app, options, raw);
    add_semaphore_options(app, raw);
    add_report_options(app, options, raw);
    add_remote_options(app, options, raw);
    add_slurm_options(app, options, raw);
    app.option_defaults()->group("General");
    // Both read before the rest (profile_choice): they choose the default options.
    std::vector<std::string> profiles;
    bool plain = false;
    app.add_option("-J,--profile", profiles,
                   "Read default options from the profile NAME ($PARALLEL_HOME/NAME) instead of "
                   "$PARALLEL_HOME/config; may be given more than once")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--plain", plain,
                 "Read no default options: no config file or profile, no $PARALLEL or PRUN_OPTS");
    app.set_help_flag("-h,--help", "Print this help and exit");
    app.set_version_flag("--version", std::string("prun ") + k_version,
                         "Print the version and build information and exit");

    auto takes_value = [&app](std::string_view name) {
        const CLI::Option* option = app.get_option_no_throw(std::string(name));
        return option != nullptr && option->get_items_expected_min() > 0; // not a flag
    };
    std::vector<std::string> names = long_option_names(app);
    std::vector<std::string> command_line = args;
    apply_gnu_spellings(command_line, takes_value, names);
    // The default options come first, so the command line overrides them.
    std::vector<OptionSource> sources;
    if (read_defaults) sources = read_defaults(profile_choice(command_line, takes_value));
    std::vector<std::string> words;
    for (OptionSource& source : sources) {
        apply_gnu_spellings(source.words, takes_value, names);
        check_options_only(source, app, takes_value, names);
        words.insert(words.end(), source.words.begin(), source.words.end());
    }
    std::size_t defaults_size = words.size();
    words.insert(words.end(), command_line.begin(), command_line.end());
    // Which source the word at `index` of `words` came from ("" for the command line).
    auto source_of = [&](std::size_t index) -> std::string {
        for (const OptionSource& source : sources) {
            if (index < source.words.size()) return source.name;
            index -= source.words.size();
        }
        return "";
    };
    try {
        app.parse(std::vector<std::string>(words.rbegin(), words.rend()));
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        return {std::nullopt, 0};
    } catch (const CLI::CallForVersion&) {
        std::cout << "prun " << k_version << " (" << k_build_info << ")\n";
        return {std::nullopt, 0};
    } catch (const CLI::ParseError& e) {
        throw Error("{} {}", e.what(), k_usage_hint);
    }

    if (actions.minversion) {
        // GNU parallel: prints its version; fails if it is older than the one asked for.
        const std::string& wanted = *actions.minversion;
        unsigned long version = 0;
        auto [end, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), version);
        if (wanted.empty() || ec != std::errc() || end != wanted.data() + wanted.size())
            throw Error("invalid value '{}' for --minversion: expected a GNU parallel version "
                        "such as 20170422 {}",
                        wanted, k_usage_hint);
        std::cout << k_gnu_version << '\n';
        return {std::nullopt, version > k_gnu_version ? 255 : 0};
    }
    if (actions.number_of_sockets || actions.number_of_cores || actions.number_of_threads) {
        CpuTopology cpus = read_cpu_topology();
        std::cout << (actions.number_of_sockets ? cpus.sockets
                      : actions.number_of_cores ? cpus.cores
                                                : cpus.threads)
                  << '\n';
        return {std::nullopt, 0};
    }
    if (raw.record_env) {
        record_environment();
        return {std::nullopt, 0};
    }
    if (raw.max_line_length) {
        std::cout << max_command_line_length() << '\n';
        return {std::nullopt, 0};
    }
    resolve_memsuspend(raw, options); // before resolve_options, which refuses it with -S
    resolve_options(raw, env, options);
    if (raw.show_limits) {
        // GNU's text; the usable size is what -m/-X/-s pack jobs into.
        std::size_t most = max_command_line_length();
        std::cout << "Maximal size of command: " << most << '\n'
                  << "Maximal usable size of command: "
                  << (options.packing.max_chars > 0 ? options.packing.max_chars : most)
                  << "\n\nExecution will continue now, and it will try to read its input\n"
                     "and run commands; if this is not what you wanted to happen, please\n"
                     "press CTRL-D or CTRL-C\n"
                  << std::flush;
    }

    // prefix_command() hands over everything from the first word that is not a known
    // option: an unknown option lands there too, and must not become a command.
    std::vector<std::string> rest = app.remaining();
    // What is left is the tail of the defaults + the command line: if it reaches into the
    // defaults, a word there is not an option, and it must not become (part of) a command.
    std::size_t first_rest = words.size() - rest.size();
    if (!rest.empty() && rest.front() == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest.front().size() > 1 && rest.front()[0] == '-')
        throw unknown_option(rest.front(), source_of(first_rest), names);
    if (first_rest < defaults_size) throw not_an_option(source_of(first_rest), words[first_rest]);
    split_command_and_inputs(rest, options);
    resolve_command_options(raw, options);
    if (raw.onall || raw.nonall) {
        // A local run of one prun per host (on_all.hpp), parsed as such.
        OnAllRequest request{
            raw.nonall,
            std::vector<std::string>(words.begin(),
                                     words.begin() + static_cast<std::ptrdiff_t>(first_rest)),
            rest, raw.jobs.has_value(), takes_value};
        return parse_command_line(on_all_command_line(request, options), {}, env);
    }
    return {std::move(options), 0};
}

} // namespace prun
