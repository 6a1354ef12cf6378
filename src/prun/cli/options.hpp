#pragma once
// Everything the command line asks for, as plain data. Filled by cli/parse.cpp (the only
// code that knows CLI11); read by every other module.

#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/input_spec.hpp>
#include <prun/output/color.hpp>
#include <prun/output/mux.hpp>

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
    ColorMode color = ColorMode::automatic;

    // Reports and diagnostics.
    bool timings = false;
    bool verbose = false;
    bool progress = false;       // --bar, --progress, --eta: a status line on a terminal
    bool progress_graph = false; // --bar: with a bar graph
};

} // namespace prun
