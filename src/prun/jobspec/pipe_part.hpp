#pragma once
// --pipepart: the jobs' blocks are byte ranges of one seekable file, found without reading
// it through: seek to each block boundary and scan forward from there to the next record
// boundary (recend followed by recstart, as --pipe cuts). The data then goes from the
// file to each job's pipe by splice(2) (proc/process_set), never through prun's buffers.
//
// A --header is read from the start of the file and given to every job before its range.
// With --block -N, the file makes N blocks per job slot (GNU's rule).

#include <cstdint>
#include <string>
#include <vector>

#include <prun/jobspec/block_splitter.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/util/fd.hpp>

namespace prun {

// The offsets where blocks begin in `fd`'s bytes [begin, end), as GNU finds them: `begin`
// first; then, `block_size` after the last cut, the end of the first recend (followed by
// recstart) that begins there or later. Reads only around the cuts.
std::vector<std::uint64_t> find_part_starts(int fd, std::uint64_t begin, std::uint64_t end,
                                            std::uint64_t block_size, const RecordFormat& format);

// --header's bytes at the start of `fd` (reads at most the first MiB). Throws Error.
std::string read_part_header(int fd, const BlockHeader& header);

class PipePartSource : public JobStream {
public:
    // `block_size` > 0 bytes per block, or < 0: -block_size blocks for each of `slots`
    // (GNU's default is -10).
    // Throws Error if `path` cannot be opened or is not seekable.
    PipePartSource(const std::string& path, std::int64_t block_size, unsigned slots,
                   const RecordFormat& format, const BlockHeader& header);

    Status next(Job& job) override;
    bool exhausted() const override { return m_next + 1 >= m_starts.size(); }
    std::uint64_t count() const override { return m_next; }
    std::optional<std::uint64_t> total() const override { return m_starts.size() - 1; }

private:
    Fd m_file;
    std::vector<std::uint64_t> m_starts; // and the end of the file last
    std::shared_ptr<const std::string> m_header;
    std::size_t m_next = 0;
};

} // namespace prun
