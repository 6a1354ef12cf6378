#pragma once
// How long a job's command line may be (-m, -X, --xargs, -s), computed as xargs does: what
// exec(2) accepts (ARG_MAX) less the environment the job inherits and 2048 bytes of
// headroom. On Linux the shell code of a job is one argument of the shell, and one
// argument is at most MAX_ARG_STRLEN (128 KiB) long; a command run directly has one
// pointer (8 bytes) per argument besides its bytes, hence the division below.

#include <cstddef>

namespace prun {

// The longest command line (in bytes, without its terminating NUL) any job can run.
std::size_t max_command_line_length();

} // namespace prun
