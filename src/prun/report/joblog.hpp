#pragma once
// --joblog FILE: GNU parallel's joblog, byte for byte, so GNU parallel can --resume from a
// prun joblog and prun from GNU parallel's. A header line, then one TAB-separated line per
// job as it ends, written with one write() (lines of concurrent jobs never mix):
//
//   Seq Host Starttime JobRuntime Send Receive Exitval Signal Command
//   3   :    1714567890.123 (epoch, ms)  "%10.3f" seconds  0  stdout bytes  code  signal  cmd
//
// Host ":" means this machine. Exitval is -1 for a job prun killed for its timeout, 0 with
// Signal set for a job killed by a signal (GNU's convention), and 127 for a job that could
// not start. Newlines in the command are written as NUL bytes, as GNU does. Skipped jobs
// never ran and are not logged, so a resumed run considers them not done. A job-file job's
// Command ends with a shell comment giving its identity (jobspec/job_identity.hpp), by
// which --resume knows it in an edited file.

#include <string>

#include <prun/report/task_record.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class JoblogReporter : public Reporter {
public:
    // Opens `path`: truncated with a new header, or, with `append` (--resume), appended to
    // when it already has content. Throws Error if it cannot be opened.
    // `header`: false for GNU's --joblog +FILE, which appends lines and never a header.
    JoblogReporter(const std::string& path, bool append, bool header = true);

    void on_end(const TaskRecord& task) override;

private:
    Fd m_fd;
    std::string m_path;
    bool m_warned = false;
};

// A task's Exitval and Signal as GNU writes them (see above).
struct JoblogExit {
    int value = 0;
    int signal = 0;
};
JoblogExit joblog_exit(const TaskRecord& task);

// The joblog line for `task`, newline included.
std::string joblog_line(const TaskRecord& task);

} // namespace prun
