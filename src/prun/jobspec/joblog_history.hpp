#pragma once
// What an earlier run's --joblog says was done, for --resume and --resume-failed. Read as
// GNU parallel reads it: the first line is the header; every other line starts with a
// sequence number, and a job succeeded if its Exitval and Signal are both 0 on some line
// (a job run again by --resume-failed has a line per run).

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace prun {

// Sequence number -> succeeded. Throws Error naming the file and line if a line is not a
// joblog line. `name` is for messages.
std::unordered_map<std::uint64_t, bool> parse_joblog(std::string_view text,
                                                     const std::string& name);

// Reads and parses the joblog at `path`; a file that does not exist is an empty log.
std::unordered_map<std::uint64_t, bool> read_joblog(const std::string& path);

} // namespace prun
