#pragma once
// GNU parallel's remote options that came after the first ones (resolve_remote.cpp's own part reads
// the hosts, --ssh, --transfer, --return and --cleanup): -S @G, --transferfile, --basefile,
// --ssh-delay. Called after the hosts are known.

#include <prun/cli/resolve.hpp>

namespace prun {

// Throws Error with a one-line message naming the option and its value.
void resolve_gnu_remote_options(const RawValues& raw, Options& options);

} // namespace prun
