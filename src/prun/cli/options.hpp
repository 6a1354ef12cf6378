#pragma once
// Everything the command line asks for, as plain data. Filled by cli/parse.cpp (the only
// code that knows CLI11); read by every other module.

#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_spec.hpp>
#include <prun/output/mux.hpp>
#include <prun/sched/halt_policy.hpp>
#include <prun/sched/hosts.hpp>

namespace prun {

struct Options {
    // What to run.
    std::vector<std::string> command; // words before the first ::: (empty: args are commands)
    std::vector<InputSpec> inputs;    // in command-line order; empty: stdin
    char delimiter = '\n';            // record separator for files and stdin
    std::string replace_token = "{}"; // -I

    // How to run it.
    unsigned max_jobs = 1; // resolved from -j (0 on the command line = unlimited)
    std::string shell = "/bin/sh";
    enum class ShellUse { automatic, always, never };
    ShellUse shell_use = ShellUse::automatic;
    bool dry_run = false;

    // Output.
    OutputMode output_mode = OutputMode::group;
    bool keep_order = false;
    bool tag = false;
    std::optional<std::string> tagstring;

    // Failure handling.
    std::optional<double> timeout_seconds;
    std::optional<double> timeout_percent; // --timeout N%: of the median runtime
    double term_timeout_seconds = 3;       // SIGTERM to SIGKILL for a timed-out job
    unsigned attempts = 1;                 // --retries N: at most N attempts in total
    HaltPolicy halt;
    double delay_seconds = 0;

    // Remote hosts (-S/--sshlogin, --slf): empty to run every job on this machine.
    std::vector<HostSpec> hosts;
    std::string ssh_command = "ssh";       // --ssh, else $PRUN_SSH: the ssh program and options
    bool transfer = false;                 // --transfer: send each job's arguments (files) over
    std::vector<std::string> return_files; // --return: templates of files to fetch back
    bool cleanup = false;                  // --cleanup: remove those files from the host after

    // Slurm (--slurm): every job a step of the allocation prun runs in.
    bool slurm = false;
    std::vector<std::string> slurm_args; // --slurm-args, split into words, for srun

    // Reports and diagnostics.
    bool timings = false;
    bool verbose = false;
};

} // namespace prun
