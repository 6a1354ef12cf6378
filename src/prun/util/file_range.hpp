#pragma once
// Bytes of an open file, for a job's stdin (--pipepart): handed to the job by splice(2)
// from the page cache into its pipe, never through a buffer of prun's.

#include <cstdint>

namespace prun {

struct FileRange {
    int fd = -1;              // borrowed: its owner keeps it open for the whole run
    std::uint64_t offset = 0; // where the bytes begin in the file
    std::uint64_t length = 0;
};

} // namespace prun
