#pragma once
// Everything the command line asks for, as plain data. Filled by cli/parse.cpp (the only
// code that knows CLI11). An aggregate: each module's own settings are a base (a module
// takes its part, e.g. ReportSet a ReportSettings, the Scheduler a SchedulerPolicy, and never
// includes cli/), the rest still fields here.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/input_spec.hpp>
#include <prun/output/color.hpp>
#include <prun/output/mux.hpp>
#include <prun/report/report_set.hpp>
#include <prun/sched/hosts.hpp>
#include <prun/sched/policy.hpp>
#include <prun/template/syntax.hpp>

namespace prun {

struct Options : SchedulerPolicy, ReportSettings {
    // What to run.
    std::vector<std::string> command;      // words before the first ::: (empty: args are commands)
    std::vector<InputSpec> inputs;         // in command-line order; empty: stdin
    char delimiter = '\n';                 // record separator for files and stdin
    std::string replace_token = "{}";      // -I
    tmpl::SyntaxOptions syntax;            // --plus, --rpl, --parens
    bool link = false;                     // --link: pair the sources instead of combining them
    std::size_t args_per_job = 1;          // -N, -n, -L (0: read one, pass none)
    bool context_replace = false;          // -N, -L: {} repeats its word once per argument
    bool continue_lines = false;           // -L: a line ending in white space continues
    std::optional<std::string> colsep;     // --colsep REGEX
    Trim trim = Trim::none;                // --trim (both ends by default with --colsep)
    bool header = false;                   // --header: first lines name the columns
    std::optional<std::string> eof_string; // -E: input ends before this value
    bool no_run_if_empty = false;          // -r: blank values are left out
    std::string arg_sep = ":::";           // --arg-sep
    std::string arg_file_sep = "::::";     // --arg-file-sep

    // Or: a job file (-f, "-" for stdin), instead of a command and inputs.
    std::optional<std::string> jobfile;
    bool jsonl = false; // read it as JSON Lines, a stream (also implied by a .jsonl name)

    // How to run it (-j and the failure handling are the SchedulerPolicy base).
    std::string shell = "/bin/sh";
    enum class ShellUse { automatic, always, never };
    ShellUse shell_use = ShellUse::automatic;
    bool dry_run = false;
    bool shell_quote_only = false; // --shellquote: print each job's words quoted, run nothing

    // Output.
    OutputMode output_mode = OutputMode::group;
    bool keep_order = false;
    bool tag = false;
    std::optional<std::string> tagstring;
    ColorMode color = ColorMode::automatic;

    // --pipe: stdin cut into blocks at record boundaries, one block per job's stdin.
    struct Pipe {
        bool enabled = false;
        std::size_t block_size = 1024 * 1024; // --block
        std::uint64_t records_per_block = 0;  // -N; 0: by block size
        RecordFormat records;                 // --recend, --recstart
        bool round_robin = false;             // -j long-lived jobs, blocks dealt to them
    };
    Pipe pipe;

    // Remote hosts (-S/--sshlogin, --slf): empty to run every job on this machine.
    std::vector<HostSpec> hosts;
    std::string ssh_command = "ssh";       // --ssh, else $PRUN_SSH: the ssh program and options
    bool transfer = false;                 // --transfer: send each job's arguments (files) over
    std::vector<std::string> return_files; // --return: templates of files to fetch back
    bool cleanup = false;                  // --cleanup: remove those files from the host after

    // Slurm (--slurm): every job a step of the allocation prun runs in.
    bool worker = false; // --worker given with other words: refused (it is the whole command)
    bool slurm = false;
    std::vector<std::string> slurm_args; // --slurm-args, split into words, for srun

    // Reports (--timings, --joblog, --resume, ...) are the ReportSettings base. Diagnostics:
    bool debug = false;          // --debug: prun's own diagnostics on stderr
    bool verbose = false;        // -v: each command printed with its output, as GNU parallel
    bool trace = false;          // -t, --verbose (GNU's): each command on stderr as it starts
    bool progress = false;       // --bar, --progress, --eta: a status line on a terminal
    bool progress_graph = false; // --bar: with a bar graph
};

} // namespace prun
