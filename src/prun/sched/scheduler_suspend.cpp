// --memsuspend: the scheduler's part (the gate decides how many jobs may run).

#include <algorithm>
#include <csignal>
#include <vector>

#include <spdlog/spdlog.h>

#include <prun/sched/scheduler.hpp>

namespace prun {

// GNU's suspend_young_if_not_enough_mem: short of memory, only the oldest jobs the gate
// allows run and the others are stopped; with enough, one stopped job resumes per check.
// Jobs being terminated are left alone (they were resumed to see their signal).
void Scheduler::suspend_for_memory() {
    std::vector<Running*> jobs;
    for (auto& [seq, running] : m_running)
        if (!running.kill_deadline && !running.record.killed && !running.record.timed_out)
            jobs.push_back(&running);
    std::sort(jobs.begin(), jobs.end(),
              [](const Running* a, const Running* b) { return a->record.seq < b->record.seq; });
    std::optional<std::size_t> share = m_gate->jobs_to_run(jobs.size());
    if (!share) {
        auto stopped =
            std::find_if(jobs.begin(), jobs.end(), [](const Running* r) { return r->suspended; });
        if (stopped != jobs.end()) resume(**stopped);
        return;
    }
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        if (i < *share)
            resume(*jobs[i]);
        else if (!jobs[i]->suspended)
            suspend(*jobs[i]);
    }
}

void Scheduler::suspend(Running& running) {
    if (running.suspended) return;
    spdlog::info("{}: suspending job {}", m_gate->why(), running.record.seq);
    m_runner.signal_job(running.handle, SIGSTOP);
    running.suspended = true;
}

void Scheduler::resume(Running& running) {
    if (!running.suspended) return;
    spdlog::info("resuming job {}", running.record.seq);
    m_runner.signal_job(running.handle, SIGCONT);
    running.suspended = false;
}

} // namespace prun
