#pragma once
// Semaphore mode (--semaphore, or prun started as `sem`): take a slot of a semaphore
// shared with other prun invocations, run one command while holding it, as GNU sem does.

#include <string>
#include <vector>

#include <prun/sem/semaphore.hpp>

namespace prun::sem {

// Runs `command` (its words joined by spaces, as GNU joins them, and given to `shell -c`)
// while holding one of `slots` slots of the semaphore `settings` names. In the foreground
// (--fg) prun waits and returns the command's exit status (128+N for signal N); in the
// background (the default) prun returns 0 as soon as it has the slot, and a child of its
// own holds the slot until the command ends. --wait waits for every holder instead.
// Returns 1 when a negative --st gives up. Throws Error when there is nothing to run.
// `root` is where the semaphores live (semaphore_root()).
int run_under_semaphore(const Settings& settings, const std::string& root, int slots,
                        const std::string& shell, const std::vector<std::string>& command);

} // namespace prun::sem
