#include <prun/cli/resolve_memsuspend.hpp>
#include <prun/util/byte_size.hpp>
#include <prun/util/error.hpp>

namespace prun {

void resolve_memsuspend(const RawValues& raw, Options& options) {
    if (!raw.memsuspend) return;
    auto bytes = parse_byte_size(*raw.memsuspend);
    if (!bytes || *bytes == 0)
        throw Error("invalid value '{}' for --memsuspend: expected a size in bytes, with K, M, "
                    "G or T (1024-based) or k, m, g or t (1000-based) {}",
                    excerpt(*raw.memsuspend), k_usage_hint);
    options.load_limits.memsuspend = *bytes;
}

} // namespace prun
