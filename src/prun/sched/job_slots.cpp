#include <charconv>
#include <sched.h>
#include <unistd.h>

#include <prun/sched/job_slots.hpp>

namespace prun {

namespace {
std::optional<long> parse_number(std::string_view text) {
    long value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return value;
}
} // namespace

std::optional<unsigned> parse_job_slots(std::string_view text, unsigned cpus) {
    if (text.empty()) return std::nullopt;
    long result;
    if (text.back() == '%') {
        auto percent = parse_number(text.substr(0, text.size() - 1));
        if (!percent || *percent < 0 || *percent > 1'000'000) return std::nullopt;
        // Rounded up, as GNU parallel does: 75% of 2 CPUs is 2 jobs, not 1.
        result = (static_cast<long>(cpus) * *percent + 99) / 100;
    } else if (text.front() == '+' || text.front() == '-') {
        auto delta = parse_number(text.substr(1));
        if (!delta || *delta < 0 || *delta > 1'000'000) return std::nullopt;
        result = static_cast<long>(cpus) + (text.front() == '+' ? *delta : -*delta);
    } else {
        auto n = parse_number(text);
        if (!n || *n < 0) return std::nullopt;
        if (*n == 0 || *n >= static_cast<long>(k_unlimited_jobs)) return k_unlimited_jobs;
        result = *n;
    }
    return static_cast<unsigned>(std::max(result, 1L));
}

unsigned available_cpus() {
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return static_cast<unsigned>(count);
    }
    long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? static_cast<unsigned>(online) : 1;
}

} // namespace prun
