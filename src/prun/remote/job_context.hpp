#pragma once
// A job file's per-job environment and directory, for a job that runs on another machine.
// A local job gets them from spawn (envp, chdir); a remote one gets them as shell code run
// before its own, since the remote side starts it with a shell anyway.

#include <string>

#include <prun/runner/launch_spec.hpp>

namespace prun::remote {

// `spec.shell_code` preceded by `cd DIR || exit 1` and `export NAME=value` for the job's
// cwd and env (values shell-quoted); the code unchanged when it has neither. A relative
// cwd is relative to the remote login directory. With make_cwd the folder is made first
// (`mkdir -p`, exit 255 if that fails), and with remove_cwd removed when the shell exits.
// Env entries whose names are not shell names (BASH_FUNC_f%%: bash's exported functions,
// from --env) are given through `exec env NAME=value... bash -c CODE` around the rest.
std::string code_with_job_context(const LaunchSpec& spec);

// The job as a worker on the other machine gets it: with env or cwd, as shell code (the
// same `cd DIR || exit 1`, and message, as a session); without, unchanged, so that a
// command that needs no shell is still executed directly there.
LaunchSpec spec_for_worker(const LaunchSpec& spec);

} // namespace prun::remote
