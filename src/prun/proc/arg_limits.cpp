#include <algorithm>
#include <cstring>
#include <unistd.h>

#include <prun/proc/arg_limits.hpp>

namespace prun {

namespace {

// Linux's limit on one argument (32 pages); other systems have only ARG_MAX.
constexpr std::size_t k_max_arg_strlen = 32 * 4096;
// xargs keeps this much of ARG_MAX free (POSIX asks for 2048 bytes of headroom).
constexpr std::size_t k_headroom = 2048;

std::size_t environment_size() {
    std::size_t size = 0;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry)
        size += std::strlen(*entry) + 1 + sizeof(char*);
    return size;
}

} // namespace

std::size_t max_command_line_length() {
    long arg_max = ::sysconf(_SC_ARG_MAX);
    std::size_t total = arg_max > 0 ? static_cast<std::size_t>(arg_max) : 131072;
    std::size_t used = environment_size() + k_headroom;
    std::size_t room = total > used ? total - used : 0;
    // A line of N bytes holds at most N/2 one-byte arguments, each with a pointer: the
    // bytes plus the pointers are at most 5 N.
    std::size_t line = room / (1 + sizeof(char*) / 2);
    return std::max<std::size_t>(std::min(line, k_max_arg_strlen - 1), 1);
}

} // namespace prun
