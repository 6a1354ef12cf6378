#pragma once
// GNU parallel's environment variables that are not options: $PARALLEL_HOME (the folder for
// its config, profiles, semaphores and caches) and $PARALLEL_ENV (shell code run before
// every command; env_parallel's way of giving jobs the caller's functions and aliases).

#include <string>
#include <vector>

namespace prun {

// $PARALLEL_HOME, created (with its parents) if it does not exist, as GNU parallel does;
// else, or if it cannot be made a folder (a warning on stderr says so), $HOME/.parallel,
// which is not created. HOME unset: /tmp, as GNU.
std::string parallel_home();

// GNU parallel's config folders, those that exist, in its order: $PARALLEL_HOME,
// $XDG_CONFIG_HOME/parallel, each of $XDG_CONFIG_DIRS/parallel, $HOME/.parallel. Profiles
// (-J) and the `config` files are looked for in each.
std::vector<std::string> parallel_config_dirs();

// --record-env: writes the names of prun's environment, one a line, to ignored_vars in the
// first config folder (else ~/.parallel, made if missing), which --env _ leaves out.
// Throws Error if it cannot be written.
void record_environment();

// $PARALLEL_ENV's shell code, or "" if it is unset or empty. A value naming an existing
// file (or FIFO) stands for the file's content, read whole now. \001 stands for a newline.
// The variable is removed from prun's environment, so jobs do not inherit it (as GNU).
std::string take_parallel_env();

} // namespace prun
