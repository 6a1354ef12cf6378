#pragma once
// --timings: one line on stderr as each task ends, in the spirit of a Pool example
//   task 3 (pid 5360) exited 0 in 0.30 s: sleep 0.3
// ("task 3 'build' (pid ...)" for a job its job file names; "task 3 on node1 (pid 5360) ..."
// for a job on a remote host, the pid then being the job's own there when the host's worker
// ran it, the local ssh client's when it ran as a session of its own)
// and a summary at the end: jobs, failures, wall time, CPU time and achieved parallelism
// (the tasks' total running time divided by the wall time). With colour (--color), a
// failed task's line and a non-zero failure count are red, so they stand out.

#include <prun/output/writer.hpp>
#include <prun/report/task_record.hpp>

namespace prun {

class TimingsReporter : public Reporter {
public:
    explicit TimingsReporter(Writer& err, bool color = false) : m_err(err), m_color(color) {}
    void on_end(const TaskRecord& task) override;
    void on_run_end(const RunSummary& summary) override;

private:
    Writer& m_err;
    bool m_color;
};

} // namespace prun
