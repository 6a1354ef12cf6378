#pragma once
// Everything the command line asks for, as plain data. Filled by cli/ (parse.cpp declares
// the options, resolve.cpp checks them). An aggregate of the modules' own settings: each
// module takes its part (JobStreams an InputSettings, the CommandBuilder a CommandSettings,
// ReportSet a ReportSettings, the Scheduler a SchedulerPolicy) and never includes cli/. The
// fields here are those only app.cpp's wiring reads.

#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_settings.hpp>
#include <prun/output/color.hpp>
#include <prun/output/mux.hpp>
#include <prun/report/report_set.hpp>
#include <prun/sched/command_settings.hpp>
#include <prun/sched/hosts.hpp>
#include <prun/sched/policy.hpp>
#include <prun/sched/start_gate.hpp>
#include <prun/sem/semaphore.hpp>

namespace prun {

struct Options : InputSettings, CommandSettings, SchedulerPolicy, ReportSettings {
    // The input separators on the command line (split_command_and_inputs).
    std::string arg_sep = ":::";       // --arg-sep
    std::string arg_file_sep = "::::"; // --arg-file-sep

    bool dry_run = false; // print the jobs instead of running them
    // --total-jobs N: the number of jobs for {##}, total_jobs(), --halt's N% and the progress
    // line, instead of reading the input ahead to count them.
    std::optional<std::uint64_t> total_jobs;
    std::optional<std::string> tmpdir; // --tmpdir: $TMPDIR for prun and its jobs
    int nice = 0;           // --nice N: jobs run N steps nicer than prun (local jobs only)
    LoadLimits load_limits; // --load, --memfree, --limit, --noswap (local jobs only)
    // --process-slot-var NAME: each job's NAME is its job slot - 1 (local jobs only).
    std::string process_slot_var;
    // --wd ... without hosts: each job runs in a new folder under $TMPDIR, removed after it.
    bool fresh_local_workdir = false;

    // Output.
    OutputMode output_mode = OutputMode::group;
    bool keep_order = false;
    bool files = false; // --files: each job's stdout to a file, whose name is printed
    // --compress, --compress-program, --decompress-program: held output that spills to the
    // temporary file is compressed (output/codec.hpp). No program: zstd, in process.
    struct Compression {
        bool enabled = false;
        std::string compress_program;
        std::string decompress_program; // "": `compress_program -dc`
    } compress;
    ColorMode color = ColorMode::automatic;
    bool color_failed = false; // --color-failed: a failed job's output white on red (GNU's)

    // --semaphore (or started as `sem`): run the command under a semaphore, nothing else.
    sem::Settings semaphore;

    // Remote hosts (-S/--sshlogin, --slf): empty to run every job on this machine.
    std::vector<HostSpec> hosts;
    std::string ssh_command = "ssh";    // --ssh, else $PRUN_SSH: the ssh program and options
    bool cleanup = false;               // --cleanup: remove the sent and fetched files after
    bool filter_hosts = false;          // --filter-hosts: leave out the hosts that do not connect
    std::vector<std::string> basefiles; // --basefile: sent to each host before its first job

    // Slurm (--slurm): every job a step of the allocation prun runs in.
    bool no_worker = false; // --no-worker: remote jobs as one ssh session each
    bool worker = false;    // --worker given with other words: refused (it is the whole command)
    bool slurm = false;
    std::vector<std::string> slurm_args; // --slurm-args, split into words, for srun

    // Diagnostics:
    bool debug = false;          // --debug: prun's own diagnostics on stderr
    bool verbose = false;        // -v: each command printed with its output, as GNU parallel
    bool trace = false;          // -t, --verbose (GNU's): each command on stderr as it starts
    bool progress = false;       // --bar, --progress, --eta: a status line on a terminal
    bool progress_graph = false; // --bar: with a bar graph
};

} // namespace prun
