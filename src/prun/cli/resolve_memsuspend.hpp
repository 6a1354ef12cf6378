#pragma once
// --memsuspend SIZE: checked and put into Options::load_limits (see sched/system_gate.hpp).

#include <prun/cli/options.hpp>
#include <prun/cli/resolve.hpp>

namespace prun {

// Throws Error for a SIZE that is not a size in bytes (or is 0).
void resolve_memsuspend(const RawValues& raw, Options& options);

} // namespace prun
