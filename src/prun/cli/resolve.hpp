#pragma once
// From the command line's values as typed to Options: every check and every combination of
// options, without CLI11 (parse.cpp declares the options and fills a RawValues; this turns
// it into settings). The environment comes in as an argument, so tests give their own.

#include <optional>
#include <string>
#include <vector>

#include <prun/cli/options.hpp>
#include <prun/util/environment.hpp>

namespace prun {

// Every command-line error ends with it.
inline constexpr const char* k_usage_hint = "(see 'prun --help')";

// The values of the options that need checking or combining, as typed. An optional is empty
// when its option was not given, so that an empty value ("-j ''") is an error, not a default.
// Options that need neither are bound straight to their Options field by parse.cpp.
struct RawValues {
    // Input
    std::vector<std::string> arg_files;          // -a, one input source each
    bool null = false;                           // -0
    std::optional<std::string> delimiter;        // -d
    std::optional<std::string> max_replace_args; // -N (with --pipe: records per block)
    std::optional<std::string> max_args;         // -n
    std::optional<std::string> max_lines;        // -L
    std::optional<std::string> trim;             // --trim
    std::optional<std::string> header;           // --header
    std::optional<std::string> jobfile;          // -f
    bool multiple = false;                       // -m
    bool context = false;                        // -X
    bool xargs = false;                          // --xargs
    std::optional<std::string> max_chars;        // -s
    bool exit_if_exceeded = false;               // -x
    bool show_limits = false;                    // --show-limits
    bool record_env = false;                     // --record-env
    bool max_line_length = false;                // --max-line-length-allowed
    // Execution
    std::optional<std::string> jobs; // -j
    bool cpus_are_sockets = false;   // --use-sockets-instead-of-threads
    bool cpus_are_cores = false;     // --use-cores-instead-of-threads
    std::optional<std::string> tmpdir;
    std::optional<std::string> nice;
    std::optional<std::string> process_slot_var; // --process-slot-var NAME
    std::optional<std::string> memfree;
    std::optional<std::string> memsuspend; // --memsuspend SIZE
    std::vector<std::string> templates;    // --tmpl FILE=NAME
    std::optional<std::string> workdir;    // --wd
    std::optional<std::string> shell;
    bool no_shell = false;
    // Output
    bool group = false;
    bool line_buffer = false;
    bool ungroup = false;
    bool compress = false;                         // --compress
    std::optional<std::string> compress_program;   // --compress-program
    std::optional<std::string> decompress_program; // --decompress-program
    std::optional<std::string> total_jobs;         // --total-jobs N
    bool no_keep_order = false; // --no-keep-order: cancels -k, as GNU's no-* overrides *
    bool silent = false;        // --silent: cancels -v
    // Failure handling
    std::optional<std::string> timeout, term_timeout, retries, halt, delay;
    std::optional<std::string> term_seq; // --term-seq
    bool retry_failed = false;
    // Pipe
    std::optional<std::string> block, recend, recstart;
    bool regexp = false;
    bool pipepart = false;
    bool shebang = false; // --shebang or --shebang-wrap, not first (cli/shebang.hpp)
    bool cat = false, fifo = false;
    bool tee = false;
    std::optional<std::string> block_timeout;
    std::optional<std::string> group_by, shard, bin;
    // Semaphore
    bool semaphore = false, fg = false, bg = false, wait = false;
    std::optional<std::string> semaphore_id, semaphore_timeout;
    // Remote hosts and Slurm
    std::vector<std::string> sshlogins;      // -S, each a comma-separated list
    std::vector<std::string> env;            // --env, each a comma-separated list of names
    std::vector<std::string> sshlogin_files; // --slf
    std::optional<std::string> ssh;
    std::optional<std::string> slurm_args;
    std::optional<std::string> ssh_delay; // --ssh-delay
    bool onall = false, nonall = false;
    // Reports
    bool resume = false;
    bool resume_failed = false;
    std::optional<std::string> joblog, report, events, timeline, results;
    bool bar = false;
    bool progress = false;
    bool eta = false;
};

// The options that do not depend on the command and its inputs, resolved into `options`
// (whose directly bound fields parse.cpp has set). Reads PRUN_SSH, SLURM_JOB_ID,
// SLURM_NTASKS, SLURM_JOB_CPUS_PER_NODE, PRUN_SHELL, PARALLEL_SHELL and SHELL from `env`.
// Throws Error with a one-line message naming the option and its value.
void resolve_options(const RawValues& raw, const Environment& env, Options& options);

// Splits the words after the options into the command and its input sources.
void split_command_and_inputs(const std::vector<std::string>& words, Options& options);

// The options checked against the command and its inputs (after split_command_and_inputs):
// -f, the reports, --pipe.
void resolve_command_options(const RawValues& raw, Options& options);

// Parses one character or an escape (\n \t \0 \\ \r), as --recend and --recstart hold them.
std::optional<char> parse_delimiter(const std::string& text);

} // namespace prun
