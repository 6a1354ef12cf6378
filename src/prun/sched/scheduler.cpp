#include <cerrno>
#include <csignal>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/sched/scheduler.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
// Backing off when the system is out of processes or descriptors and no job of ours is
// running to free some: retry after this long.
constexpr int k_resource_backoff_ms = 100;

bool is_resource_shortage(int err) {
    return err == EAGAIN || err == EMFILE || err == ENFILE || err == ENOMEM;
}
} // namespace

Scheduler::Scheduler(unsigned max_jobs, JobStream& source, const CommandBuilder& commands,
                     Runner& runner, OutputMux& mux, Writer& out, Writer& err,
                     std::vector<Reporter*> reporters)
    : m_max_jobs(max_jobs), m_source(source), m_commands(commands), m_runner(runner), m_mux(mux),
      m_out(out), m_err(err), m_reporters(std::move(reporters)) {}

unsigned Scheduler::take_slot() {
    if (m_free_slots.empty()) return m_next_new_slot++;
    unsigned slot = m_free_slots.top();
    m_free_slots.pop();
    return slot;
}

void Scheduler::fill_slots() {
    m_want_input = false;
    while (!m_stopping && m_running.size() < m_max_jobs) {
        if (m_deferred) {
            if (!start_job(*m_deferred)) return;
            m_deferred.reset();
            continue;
        }
        switch (m_source.next(m_job)) {
        case JobStream::Status::ready:
            if (!start_job(m_job)) m_deferred = m_job;
            break;
        case JobStream::Status::skipped:
            report_skipped(m_job);
            break;
        case JobStream::Status::pending:
            m_want_input = true;
            return;
        case JobStream::Status::done:
            return;
        }
    }
}

bool Scheduler::start_job(const Job& job) {
    unsigned slot = take_slot();
    m_commands.build(job, slot, m_spec);
    m_mux.begin(job.seq, m_spec.tag);
    Running running;
    TaskRecord& record = running.record;
    record.seq = job.seq;
    record.name = job.name;
    record.slot = slot;
    record.command = m_spec.shell_code;
    record.args = job.args;
    record.start_wall = WallClock::now();
    record.start = MonoClock::now();
    int err = 0;
    pid_t pid = m_runner.start(job.seq, slot, m_spec, err);
    if (pid < 0 && is_resource_shortage(err)) {
        m_mux.discard(job.seq);
        m_free_slots.push(slot);
        if (!m_running.empty()) {
            // Run with what we have: the limit becomes what actually fits.
            m_max_jobs = static_cast<unsigned>(m_running.size());
            if (!m_warned_resources)
                spdlog::warn("cannot start more jobs ({}); running at most {} at once",
                             errno_text(err), m_max_jobs);
            m_warned_resources = true;
            return false;
        }
        if (err == EAGAIN || err == ENOMEM || err == ENFILE) {
            // Someone else's processes or descriptors: they may go away. Try again.
            if (!m_warned_resources)
                spdlog::warn("cannot start a job ({}); trying again", errno_text(err));
            m_warned_resources = true;
            m_backoff_ms = k_resource_backoff_ms;
            return false;
        }
    }
    if (pid < 0) {
        fail_to_start(job, slot, m_spec, err);
        return true;
    }
    m_backoff_ms = -1;
    record.pid = pid;
    spdlog::debug("started job {} (pid {}) in slot {}: {}", job.seq, pid, slot, record.command);
    for (Reporter* reporter : m_reporters)
        reporter->on_start(record);
    m_running.emplace(job.seq, std::move(running));
    return true;
}

void Scheduler::fail_to_start(const Job& job, unsigned slot, const LaunchSpec& spec, int err) {
    m_err.write(fmt::format("prun: cannot start job {} '{}': {}\n", job.seq, spec.shell_code,
                            errno_text(err)));
    TaskRecord record;
    record.seq = job.seq;
    record.name = job.name;
    record.slot = slot;
    record.command = spec.shell_code;
    record.args = job.args;
    record.start_wall = WallClock::now();
    record.start = record.end = MonoClock::now();
    record.status = ExitStatus::failed_to_start(err);
    m_free_slots.push(slot);
    m_mux.end(job.seq);
    finish(record);
}

void Scheduler::report_skipped(const Job& job) {
    TaskRecord record;
    record.seq = job.seq;
    record.name = job.name;
    record.args = job.args;
    record.command = job.command;
    record.skipped = true;
    record.start_wall = WallClock::now();
    record.start = record.end = MonoClock::now();
    m_mux.skip(job.seq);
    finish(record);
}

void Scheduler::finish(TaskRecord& record) {
    ++m_summary.jobs;
    if (!record.succeeded()) ++m_summary.failed;
    m_source.on_job_done(record.seq, record.succeeded());
    m_summary.user_cpu += record.user_cpu();
    m_summary.sys_cpu += record.sys_cpu();
    m_summary.busy_seconds += record.duration();
    for (Reporter* reporter : m_reporters)
        reporter->on_end(record);
}

void Scheduler::on_output(std::uint64_t seq, Stream stream, std::string_view data) {
    auto it = m_running.find(seq);
    if (it == m_running.end()) return;
    TaskRecord& record = it->second.record;
    (stream == Stream::out ? record.stdout_bytes : record.stderr_bytes) += data.size();
    m_mux.output(seq, stream, data);
}

void Scheduler::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    auto it = m_running.find(seq);
    if (it == m_running.end()) return;
    TaskRecord& record = it->second.record;
    record.end = exit.end;
    record.status = exit.status;
    record.usage = exit.usage;
    m_mux.end(seq);
    m_free_slots.push(record.slot);
    finish(record);
    m_running.erase(it);
}

void Scheduler::begin_stop(int signal) {
    m_stopping = true;
    m_deferred.reset();
    m_runner.signal_all(signal);
}

void Scheduler::on_signal(int signal) {
    ++m_signals_seen;
    if (m_signals_seen == 1) {
        spdlog::debug("got {}; passing it to {} running jobs", signal_name(signal),
                      m_running.size());
        m_stop_signal = signal;
        begin_stop(signal);
    } else {
        // The user insists: jobs that ignored the first signal get one they cannot ignore.
        spdlog::debug("got {} again; killing every job", signal_name(signal));
        m_runner.signal_all(SIGKILL);
    }
}

void Scheduler::on_input_ready() {
    m_source.on_readable();
}

RunResult Scheduler::run() {
    MonoTime run_start = MonoClock::now();
    RunResult result;
    while (true) {
        fill_slots();
        bool more_jobs = !m_stopping && (m_deferred || !m_source.exhausted());
        if (m_running.empty() && !more_jobs) break;
        int input_fd = m_want_input ? m_source.pending_fd() : -1;
        m_runner.wait(m_deferred ? m_backoff_ms : -1, input_fd, *this);
        if (m_out.failed() && !m_stopping) {
            // Nobody reads our output any more: stop the jobs rather than run them blind.
            result.output_errno = m_out.error();
            begin_stop(SIGTERM);
        }
    }
    m_mux.flush_all();
    m_summary.wall_seconds = seconds_between(run_start, MonoClock::now());
    m_summary.stopped_by_signal = m_stop_signal;
    for (Reporter* reporter : m_reporters)
        reporter->on_run_end(m_summary);
    result.summary = m_summary;
    return result;
}

} // namespace prun
