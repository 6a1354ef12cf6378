#pragma once
// The -j/--jobs value: N, N% of the CPUs (rounded up), +N or -N relative to the CPUs, or 0
// for as many as possible. Always at least 1.

#include <optional>
#include <string_view>

namespace prun {

// Sentinel for "as many as possible"; the scheduler caps it by the descriptors available.
inline constexpr unsigned k_unlimited_jobs = 1u << 30;

// nullopt if `text` is not a valid -j value.
std::optional<unsigned> parse_job_slots(std::string_view text, unsigned cpus);

// The CPUs this process may run on (its affinity mask, so taskset and cgroup cpusets count).
unsigned available_cpus();

} // namespace prun
