#pragma once
// Which shell runs the jobs' shell code when --shell does not say: the one GNU parallel
// picks, so scripts written for it (exported bash functions, bash's echo) behave the same.

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include <prun/util/environment.hpp>

namespace prun {

// The shell name a process's argv[0] shows, if it is a shell GNU parallel knows: "bash"
// for "bash", "/usr/bin/bash" or "-bash" (a login shell); nullopt for anything else.
std::optional<std::string_view> known_shell_name(std::string_view argv0);

// $PRUN_SHELL or $PARALLEL_SHELL; else the nearest ancestor process that is a known shell
// (as GNU parallel, which walks up from its parent); else $SHELL; else /bin/sh.
// Throws Error if PRUN_SHELL or PARALLEL_SHELL names no executable program.
std::string default_job_shell(const Environment& env);

// The names of the shell functions bash exported into our environment (export -f f puts
// BASH_FUNC_f%%=... there). Such a name must reach the shell, never execve.
std::unordered_set<std::string> exported_shell_functions();

} // namespace prun
