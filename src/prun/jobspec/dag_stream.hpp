#pragma once
// The jobs of a job file as a JobStream: a job is handed out once every job it needs has
// succeeded (file order among ready jobs), as skipped once one of them has failed or been
// skipped, and `pending` is returned while jobs wait on running ones.
//
// A .json file arrives parsed and checked whole. A JSON Lines file is read as a stream: a
// line at a time as the scheduler asks for jobs, through the event loop when it is a pipe
// (pending_fd()/on_readable(), as ArgumentSource does), so a generator can feed prun while
// it runs. A bad line there is found only when it arrives: the stream then reports the
// error through `on_error`, closes the input and hands out nothing more (jobs already
// running finish; the caller exits 255 because error() is set).

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <prun/jobspec/dag.hpp>
#include <prun/jobspec/job_file.hpp>
#include <prun/jobspec/job_stream.hpp>
#include <prun/jobspec/record_reader.hpp>
#include <prun/jobspec/table_dag.hpp>
#include <prun/util/clock.hpp>

namespace prun {

class DagStream : public JobStream {
public:
    using ErrorHandler = std::function<void(const std::string&)>;

    explicit DagStream(std::vector<FileJob> jobs);
    // A .json file's jobs, kept packed until each is handed out (table_dag.hpp).
    explicit DagStream(JobTable jobs);
    DagStream(RecordReader lines, std::string source, ErrorHandler on_error);

    // --bar: `counter`, a second reader of `input` (which `lines` reads too), counts the
    // JSON Lines jobs ahead of the jobs, so total() is known once the input has ended.
    void count_ahead(std::shared_ptr<ReadAhead> input, RecordReader counter);

    Status next(Job& job) override;
    int pending_fd() const override;
    int prefetch_fd() const override;
    void on_readable() override;
    void on_job_done(const JobEnd& end) override;
    bool exhausted() const override;
    std::uint64_t count() const override { return m_handed; }
    // A .json file's: known from the start.
    std::optional<std::uint64_t> total() const override;

    // Why a JSON Lines stream ended early, or "".
    const std::string& error() const { return m_error; }

private:
    // Adds the next line's job; false if no complete line is available yet (or the input
    // ended, or was bad).
    bool read_line();
    void fail(const std::string& message);
    Dag::Take take(Job& job);
    // count_ahead: counts the job lines read ahead so far, for at most `budget`.
    void count_lines(std::chrono::milliseconds budget) const;
    std::size_t unhanded() const { return m_table ? m_table->unhanded() : m_dag.unhanded(); }

    Dag m_dag;
    std::optional<TableDag> m_table; // a .json file's jobs, instead of m_dag
    std::optional<RecordReader> m_lines;
    std::optional<JobLineParser> m_parser;
    ErrorHandler m_on_error;
    std::string m_error;
    std::uint64_t m_handed = 0;
    std::shared_ptr<ReadAhead> m_ahead;
    mutable std::optional<RecordReader> m_counter;
    mutable std::uint64_t m_counted = 0;
    mutable bool m_counted_first = false; // a first line was seen (a defaults line is no job)
    mutable bool m_count_done = false;
    mutable MonoTime m_next_count{};
};

} // namespace prun
