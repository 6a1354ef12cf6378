#pragma once
// The JobStream the command line asks for: a job file's jobs (-f), or the command-line
// arguments, less the jobs an earlier run did (--resume, --resume-failed). Everything
// that can be checked before the first job starts is checked here, by the constructor.

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <prun/jobspec/block_reader.hpp>
#include <prun/jobspec/dag_stream.hpp>
#include <prun/jobspec/input_settings.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/joblog_history.hpp>
#include <prun/jobspec/packed_stream.hpp>
#include <prun/jobspec/resume_stream.hpp>

namespace prun {

class JobStreams {
public:
    // Opens and (for a .json job file) reads and checks the input, and reads the joblog
    // for --resume; so this must happen before the joblog is opened for writing. Throws
    // Error. `on_error` hears of a bad line in a JSON Lines file when it arrives.
    // `max_jobs` (-j) is the number of long-lived jobs of --pipe --round-robin.
    // `count_ahead`: a status line will show the total, so a streamed input is read ahead
    // and counted (ArgumentRules::count_ahead, DagStream::count_ahead).
    // `max_jobs` (-j): the long-lived jobs of --pipe --round-robin, the slots -m/-X spread over.
    JobStreams(const InputSettings& input, const JoblogSettings& joblog, unsigned max_jobs,
               DagStream::ErrorHandler on_error, bool count_ahead = false);

    JobStream& stream() { return m_resume ? *m_resume : *m_source; }
    // Why a JSON Lines job file stopped early ("" if it did not).
    std::string error() const {
        return m_dag ? m_dag->error() : m_packed ? m_packed->error() : std::string();
    }
    // --pipe: the reader of stdin's blocks (shared with --round-robin's dealer), or null.
    BlockReader* blocks() { return m_blocks ? &*m_blocks : nullptr; }
    // --shard, --bin: what splits the input's lines among the jobs, or null.
    LineRouter* router() { return m_router ? &*m_router : nullptr; }
    // The --header column names of command-line arguments (none for job files).
    const std::vector<std::string>& column_names() const { return m_column_names; }
    // -m, -X, --xargs, -s: how long a job's command line is with these arguments (the
    // command builder knows, which is made after this); needed before the first next().
    using LineLength = std::function<std::size_t(std::span<const std::string>, std::uint64_t)>;
    void measure_lines_with(LineLength length) { m_line_length = std::move(length); }

private:
    std::vector<std::string> m_column_names;
    std::optional<BlockReader> m_blocks;
    std::optional<LineRouter> m_router;
    std::unique_ptr<JobStream> m_arguments;  // the combinations m_source packs (-m ...)
    std::unique_ptr<JobStream> m_unshuffled; // what m_source shuffles (--shuf)
    std::unique_ptr<JobStream> m_source;
    LineLength m_line_length;
    std::unique_ptr<ResumeStream> m_resume;
    DagStream* m_dag = nullptr;       // m_source, when it is a job file
    PackedStream* m_packed = nullptr; // m_source, with -m, -X, --xargs, -s
};

} // namespace prun
