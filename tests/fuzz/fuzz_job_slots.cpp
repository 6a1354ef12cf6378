// parse_job_slots (-j): never crashes, never gives fewer than 1 slot or more than the
// "unlimited" sentinel, and takes a plain decimal number at its word.
// Input: the first byte is the CPU count (1..256), the rest is the -j value.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>

#include <prun/sched/job_slots.hpp>

namespace {
void check(bool condition) {
    if (!condition) __builtin_trap();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    unsigned cpus = static_cast<unsigned>(data[0]) + 1;
    std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
    auto slots = prun::parse_job_slots(text, cpus);
    if (!slots) return 0;
    check(*slots >= 1 && *slots <= prun::k_unlimited_jobs);

    bool decimal = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (decimal) {
        unsigned long long n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size()) {
            if (n == 0 || n >= prun::k_unlimited_jobs)
                check(*slots == prun::k_unlimited_jobs);
            else
                check(*slots == n);
        }
    }
    // Relative to the CPUs: never more than CPUs + N.
    if (!text.empty() && text[0] == '+') {
        unsigned long long n = 0;
        auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), n);
        if (ec == std::errc() && end == text.data() + text.size()) check(*slots == cpus + n);
    }
    if (!text.empty() && text[0] == '-') check(*slots <= cpus);
    return 0;
}
