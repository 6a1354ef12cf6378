#pragma once
// What to run for one job, ready for a Runner.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <prun/util/file_range.hpp>

namespace prun {

struct LaunchSpec {
    std::string shell_code;        // the command as shell code: shown to people, and run by
                                   // the shell when argv is empty
    std::vector<std::string> argv; // words to execve directly (no shell), or empty
    std::string shell = "/bin/sh"; // "" (--no-shell): argv only, never a shell
    // $PARALLEL_ENV: shell code run before shell_code (argv is then empty), never shown.
    std::string shell_prelude;
    std::string tag; // prefix of each output line ("" for none)
    // From a job file: "NAME=value" entries set on top of prun's environment, and the
    // directory to run in ("" for prun's own).
    std::vector<std::string> env;
    std::string cwd;
    // --wd ... on a remote host: cwd is made first (mkdir -p), and removed when the job's
    // shell exits if remove_cwd (--cleanup).
    bool make_cwd = false;
    bool remove_cwd = false;
    // --pipe: bytes for the job's stdin, which ends after them unless `stdin_open`
    // (--round-robin: more come through Runner::write_stdin). Neither: /dev/null.
    std::shared_ptr<const std::string> stdin_data;
    bool stdin_open = false;
    // --pipepart: bytes of a file for the job's stdin, after stdin_data.
    std::optional<FileRange> stdin_range;

    // Remote hosts: where the job runs (a HostPool index, set by the scheduler; none without
    // -S), and the files --transfer sends there first and --return fetches back after.
    std::optional<std::size_t> host;
    std::vector<std::string> transfer_files;
    std::vector<std::string> return_files;

    // --tmpl: files to write before the job starts (name, content), and whether to remove
    // them when it has ended (--cleanup). Written by TemplateFileRunner.
    std::vector<std::pair<std::string, std::string>> write_files;
    bool remove_written_files = false;

    // For the scheduler, not the runner: --retries holding a replacement string
    // (--retries {2}), expanded for this job; none when --retries is one number for all.
    std::optional<unsigned> attempts;
};

// What the shell runs: shell_code, after the prelude if there is one (under zsh through
// eval, as GNU parallel does, so that aliases the prelude defines apply to it).
std::string shell_code_to_run(const LaunchSpec& spec);

} // namespace prun
