#pragma once
// The unit of work: one set of argument values, numbered in input order.

#include <cstdint>
#include <string>
#include <vector>

namespace prun {

struct Job {
    std::uint64_t seq = 0;         // 1-based input order; {#} and PARALLEL_SEQ
    std::vector<std::string> args; // the values substituted into the command
};

} // namespace prun
