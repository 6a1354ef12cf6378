#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <prun/jobspec/dag.hpp>
#include <prun/sched/scheduler.hpp>
#include <prun/util/duration.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {
// Backing off when the system is out of processes or descriptors and no job of ours is
// running to free some: retry after this long.
constexpr auto k_resource_backoff = std::chrono::milliseconds(100);

bool is_resource_shortage(int err) {
    return err == EAGAIN || err == EMFILE || err == ENFILE || err == ENOMEM;
}

// A job's arguments as a TaskRecord keeps them (cut: see TaskRecord::args).
std::vector<std::string> record_args(const Job& job, std::size_t limit) {
    std::vector<std::string> args;
    args.reserve(job.args.size());
    for (const std::string& arg : job.args)
        args.emplace_back(arg, 0, std::min(arg.size(), limit));
    return args;
}

MonoTime after(MonoTime from, double seconds) {
    // Saturated: a deadline past the clock's range would overflow into the past.
    seconds = saturate_duration(seconds);
    return from +
           std::chrono::duration_cast<MonoClock::duration>(std::chrono::duration<double>(seconds));
}
} // namespace

Scheduler::Scheduler(const SchedulerPolicy& policy, JobStream& source,
                     const CommandBuilder& commands, Runner& runner, OutputMux& mux, Writer& out,
                     Writer& err, std::vector<Reporter*> reporters, const Clock& clock)
    : m_policy(policy), m_max_jobs(policy.max_jobs), m_source(source), m_commands(commands),
      m_runner(runner), m_mux(mux), m_out(out), m_err(err), m_reporters(std::move(reporters)),
      m_clock(clock) {}

unsigned Scheduler::take_slot() {
    if (m_free_slots.empty()) return m_next_new_slot++;
    unsigned slot = m_free_slots.top();
    m_free_slots.pop();
    return slot;
}

std::optional<double> Scheduler::job_timeout(const Job& job) const {
    if (job.timeout_seconds) return job.timeout_seconds;
    if (m_policy.timeout_seconds) return m_policy.timeout_seconds;
    // GNU's --timeout N%: relative to the median runtime of the jobs that succeeded so far
    // (no limit until there is one).
    if (m_policy.timeout_percent && !m_durations.empty()) {
        std::vector<double> durations = m_durations;
        auto middle = durations.begin() + static_cast<std::ptrdiff_t>(durations.size() / 2);
        std::nth_element(durations.begin(), middle, durations.end());
        return *middle * *m_policy.timeout_percent / 100.0;
    }
    return std::nullopt;
}

unsigned Scheduler::job_attempts(const Job& job) const {
    return std::max(1u, job.retries.value_or(m_policy.attempts));
}

void Scheduler::fill_slots() {
    m_want_input = false;
    while (m_starting && m_running.size() < m_max_jobs) {
        MonoTime now = m_clock.now();
        if (m_retry_at && now < *m_retry_at) return;
        m_retry_at.reset();
        if (m_policy.delay_seconds > 0 && m_last_start &&
            now < after(*m_last_start, m_policy.delay_seconds))
            return;
        if (m_hosts && !host_available()) return;
        if (!m_deferred.empty()) {
            if (!gate_open(now)) return;
            Deferred deferred = std::move(m_deferred.front());
            m_deferred.pop_front();
            if (!start_job(deferred.job, deferred.attempt, deferred.avoid_host)) {
                m_deferred.push_front(std::move(deferred));
                return;
            }
            continue;
        }
        switch (m_source.next(m_job)) {
        case JobStream::Status::ready:
            if (m_policy.host_groups) take_host_groups(m_job);
            if (!gate_open(now) || !start_job(m_job, 1)) {
                m_deferred.push_back({m_job, 1, std::nullopt});
                return;
            }
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

bool Scheduler::host_available() {
    if (m_hosts->has_free_slot()) return true;
    if (m_hosts->all_down() && (!m_deferred.empty() || !m_source.exhausted())) {
        m_result.error = fmt::format("no host left to run jobs on: {}", m_hosts->down_summary());
        m_starting = false;
        m_deferred.clear();
    }
    return false; // wait for a slot, or for a host to connect
}

bool Scheduler::gate_open(MonoTime now) {
    if (!m_gate) return true;
    if (m_gate_retry_at && now < *m_gate_retry_at) return false;
    m_gate_retry_at.reset();
    if (m_gate->may_start(now)) {
        m_gate_said.clear();
        return true;
    }
    std::string why = m_gate->why();
    if (why != m_gate_said) spdlog::info("not starting a job yet: {}", why);
    m_gate_said = std::move(why);
    m_gate_retry_at = after(now, m_gate->recheck_seconds());
    return false;
}

// GNU's --memfree and --limit exit status 2: the youngest job (the highest number) is
// killed with the termination sequence. It then fails as a job killed by a signal, and is
// retried if --retries allows, as in GNU.
void Scheduler::check_overload(MonoTime now) {
    if (!m_gate || !m_gate->watches_running_jobs() || m_running.empty()) return;
    if (m_next_overload_check && now < *m_next_overload_check) return;
    m_next_overload_check = after(now, m_gate->recheck_seconds());
    if (m_gate->suspends_jobs()) suspend_for_memory();
    Running* youngest = nullptr;
    for (auto& [seq, running] : m_running) {
        bool ending = running.kill_deadline || running.record.killed || running.record.timed_out;
        if (!ending && (!youngest || seq > youngest->record.seq)) youngest = &running;
    }
    if (!youngest || !m_gate->must_kill_youngest(now)) return;
    m_err.write(fmt::format("prun: {}: killing job {}, the youngest\n", m_gate->why(),
                            youngest->record.seq));
    youngest->deadline.reset();
    terminate(*youngest, now);
}

void Scheduler::take_host_groups(Job& job) {
    // GNU: from the first '@' of each argument (followed by something) to its end; the
    // first argument's are the job's.
    job.host_groups.clear();
    for (std::size_t i = 0; i < job.args.size(); ++i) {
        std::string& arg = job.args[i];
        std::size_t at = arg.find('@');
        if (at == std::string::npos || at + 1 == arg.size()) continue;
        if (i == 0) {
            std::string_view names = std::string_view(arg).substr(at + 1);
            while (true) {
                std::size_t plus = names.find('+');
                job.host_groups.emplace_back(names.substr(0, plus));
                if (plus == std::string_view::npos) break;
                names.remove_prefix(plus + 1);
            }
        }
        arg.erase(at);
    }
}

bool Scheduler::start_job(Job& job, unsigned attempt, std::optional<std::size_t> avoid_host) {
    if (m_hosts && !job.host_groups.empty() && !m_hosts->has_free_slot_in(job.host_groups)) {
        // Its hosts are busy: it waits (and the jobs after it) for one of them.
        if (!m_hosts->groups_alive(job.host_groups)) {
            std::string groups;
            for (const std::string& group : job.host_groups)
                groups += (groups.empty() ? "" : "+") + group;
            m_result.error = fmt::format("no host left in hostgroup {} for job {}: {}", groups,
                                         job.seq, m_hosts->down_summary());
            m_starting = false;
        }
        return false;
    }
    unsigned slot = take_slot();
    auto outcome = m_commands.build(job, slot, m_source.total(), m_spec);
    if (outcome != CommandBuilder::Outcome::run) {
        not_started(job, slot, attempt, outcome);
        return true;
    }
    // host_available() made sure there is a slot on some host.
    m_spec.host = m_hosts ? m_hosts->take(avoid_host, job.host_groups) : std::nullopt;
    m_mux.begin(job.seq, m_spec.tag);
    MonoTime now = m_clock.now();
    int err = 0;
    pid_t pid = m_runner.start(job.seq, slot, m_spec, err);
    if (pid < 0 && m_spec.host) m_hosts->release(*m_spec.host);
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
        if (err == EMFILE) {
            // prun's own descriptors fill the limit: no job can ever start.
            rlimit limit{};
            ::getrlimit(RLIMIT_NOFILE, &limit);
            throw Error("cannot start a job: too many open files even with no job running "
                        "(ulimit -n is {}; prun needs a few descriptors per job)",
                        static_cast<unsigned long long>(limit.rlim_cur));
        }
        if (err == EAGAIN || err == ENOMEM || err == ENFILE) {
            // Someone else's processes or descriptors: they may go away. Try again.
            if (!m_warned_resources)
                spdlog::warn("cannot start a job ({}); trying again", errno_text(err));
            m_warned_resources = true;
            m_retry_at = now + k_resource_backoff;
            return false;
        }
    }
    if (pid < 0) {
        fail_to_start(job, slot, attempt, err);
        return true;
    }
    m_last_start = now;
    // What the spec holds is spent: its argv goes, its shell code becomes the record's
    // (moved, as the job is below: a 100 MB argument must not be held five times over).
    m_spec.argv = {};
    Running running;
    TaskRecord& record = running.record;
    record = begin_record(job, std::move(m_spec.shell_code), attempt, now);
    m_spec.shell_code.clear();
    record.slot = slot;
    // A worker's job has an id, not a pid, until its end tells the pid where it ran.
    record.pid = pid < k_first_job_id ? pid : 0;
    running.handle = pid;
    if (m_spec.host && !m_hosts->spec(*m_spec.host).is_local())
        record.host = m_hosts->spec(*m_spec.host).login;
    running.host = m_spec.host;
    if (auto timeout = job_timeout(job)) running.deadline = after(now, *timeout);
    spdlog::debug("started job {} (pid {}) in slot {}{}: {}", job.seq, pid, slot,
                  record.host.empty() ? "" : " on " + record.host, record.command);
    for (Reporter* reporter : m_reporters)
        reporter->on_start(record);
    if (m_policy.print_commands) m_mux.output(job.seq, Stream::out, record.command + '\n');
    if (m_policy.trace_commands) m_err.write(record.command + '\n');
    std::uint64_t seq = job.seq;
    running.job = std::move(job);
    // --retries with a replacement string: this job's own number of attempts.
    if (m_spec.attempts) running.job.retries = *m_spec.attempts;
    m_running.emplace(seq, std::move(running));
    return true;
}

void Scheduler::fail_to_start(const Job& job, unsigned slot, unsigned attempt, int err) {
    // A job's missing directory is the likely cause of ENOENT. That is the job file's
    // fault, not the job's: said once, naming the directory, and no new job starts (the
    // jobs after it would most likely fail the same way, each with its own message).
    // So is a --wd that names no directory (m_spec.cwd: the job's, else --wd's).
    struct stat st {};
    const std::string& cwd = m_spec.cwd;
    if ((err == ENOENT || err == ENOTDIR || err == EACCES) && !cwd.empty() && !m_spec.host &&
        (::stat(cwd.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) ||
         ::access(cwd.c_str(), X_OK) != 0)) {
        int why = ::stat(cwd.c_str(), &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EACCES : ENOTDIR;
        std::string label = job_label(job.name, job.seq);
        if (label.front() == '\'') label.insert(0, "job ");
        m_result.error =
            fmt::format("cannot start {}: {} '{}': {}", label, job.cwd.empty() ? "--wd" : "its cwd",
                        excerpt(cwd), errno_text(why));
        m_err.write(fmt::format("prun: {}; no new job will start\n", m_result.error));
        m_result.error_said = true;
        m_starting = false;
        m_deferred.clear();
    } else {
        m_err.write(fmt::format("prun: cannot start job {} '{}': {}\n", job.seq,
                                excerpt(m_spec.shell_code, 200), errno_text(err)));
    }
    m_spec.argv = {}; // spent, as in start_job: the record takes the shell code
    TaskRecord record = begin_record(job, std::move(m_spec.shell_code), attempt, m_clock.now());
    m_spec.shell_code.clear();
    record.slot = slot;
    record.status = ExitStatus::failed_to_start(err);
    m_free_slots.push(slot);
    m_mux.end(job.seq);
    finish(record);
}

void Scheduler::not_started(const Job& job, unsigned slot, unsigned attempt,
                            CommandBuilder::Outcome outcome) {
    bool skip = outcome == CommandBuilder::Outcome::skip;
    if (!skip) m_err.write(fmt::format("prun: job {}: {}\n", job.seq, m_commands.error()));
    TaskRecord record;
    record.seq = job.seq;
    record.name = job.name;
    record.slot = slot;
    record.command = skip ? m_spec.shell_code : std::string();
    record.args = record_args(job, m_policy.record_arg_bytes);
    record.attempts = attempt;
    record.start_wall = WallClock::now();
    record.start = record.end = MonoClock::now();
    record.status = skip ? ExitStatus::template_skip() : ExitStatus::expression_failure();
    m_free_slots.push(slot);
    if (skip && m_policy.list_skipped) {
        // GNU's dry run prints it like any other job (and counts it failed all the same).
        m_mux.begin(job.seq, m_spec.tag);
        m_mux.output(job.seq, Stream::out, m_spec.shell_code + '\n');
        m_mux.end(job.seq);
    } else {
        m_mux.skip(job.seq);
    }
    finish(record);
}

void Scheduler::report_skipped(const Job& job) {
    TaskRecord record = begin_record(job, job.command, 0, m_clock.now());
    record.skipped = true;
    m_mux.skip(job.seq);
    // Said when it happens, with or without --timings: a job that silently never ran is
    // the surprise people remember.
    m_err.write(
        fmt::format("prun: skipped {}: {}\n", job_label(job.name, job.seq), job.skipped_because));
    finish(record);
}

TaskRecord Scheduler::begin_record(const Job& job, std::string command, unsigned attempt,
                                   MonoTime now) const {
    TaskRecord record(job.seq, job.name, record_args(job, m_policy.record_arg_bytes),
                      std::move(command), attempt, m_clock.wall_now(), now);
    record.identity = job.identity;
    return record;
}

void Scheduler::finish(TaskRecord& record) {
    ++m_summary.jobs;
    if (record.succeeded()) {
        ++m_succeeded;
        // Kept only when needed: a million-job run must not grow with its jobs.
        if (m_policy.timeout_percent) m_durations.push_back(record.duration());
    } else {
        ++m_summary.failed;
    }
    m_summary.user_cpu += record.user_cpu();
    m_summary.sys_cpu += record.sys_cpu();
    m_summary.busy_seconds += record.duration();
    std::string how = record.timed_out ? "timed out" : record.status.describe();
    m_source.on_job_done({record.seq, record.succeeded(), record.name, how});
    for (Reporter* reporter : m_reporters)
        reporter->on_end(record);
    check_halt(record);
}

void Scheduler::check_halt(const TaskRecord& record) {
    if (m_result.halt_status || record.killed) return;
    // GNU counts N% of all the jobs; while a streamed input is still being read, prun counts
    // N% of those handed out so far.
    std::uint64_t jobs = m_source.total().value_or(m_source.count());
    if (!m_policy.halt.triggered(m_summary.failed, m_succeeded, jobs)) return;
    m_result.halt_status =
        m_policy.halt.exit_status(m_summary.failed, jobs, record.status.shell_code());
    m_starting = false;
    m_deferred.clear();
    std::string reason = fmt::format("job {} {}", record.seq, record.status.describe());
    if (m_policy.halt.when == HaltPolicy::When::now) {
        spdlog::warn("halting after {}; killing {} running jobs", reason, m_running.size());
        kill_running(m_clock.now());
    } else {
        spdlog::warn("halting after {}; starting no more jobs, waiting for {} running", reason,
                     m_running.size());
    }
}

void Scheduler::kill_running(MonoTime now) {
    for (auto& [seq, running] : m_running) {
        running.record.killed = true;
        running.deadline.reset();
        terminate(running, now);
    }
}

// The first signal of the termination sequence (--term-seq; by default SIGTERM, then
// SIGKILL after --term-timeout); enforce_deadlines() sends the rest.
void Scheduler::terminate(Running& running, MonoTime now) {
    running.term_step = 0;
    next_term_step(running, now);
}

void Scheduler::next_term_step(Running& running, MonoTime now) {
    const std::vector<TermStep>& steps = m_policy.term_sequence;
    std::size_t step = running.term_step++;
    if (steps.empty() ? step == 0 : step < steps.size()) {
        int signal = steps.empty() ? SIGTERM : steps[step].signal;
        double wait = steps.empty() ? m_policy.term_timeout_seconds : steps[step].wait_seconds;
        m_runner.signal_job(running.handle, signal);
        resume(running); // a stopped job would not see it
        running.kill_deadline = after(now, wait);
        return;
    }
    // The sequence is over and the job is still there: it gets no more chances.
    spdlog::debug("job {} outlived its termination signals; sending SIGKILL", running.record.seq);
    running.kill_deadline.reset();
    m_runner.signal_job(running.handle, SIGKILL);
}

void Scheduler::enforce_deadlines(MonoTime now) {
    for (auto& [seq, running] : m_running) {
        if (running.deadline && now >= *running.deadline) {
            spdlog::debug("job {} timed out; sending SIGTERM", seq);
            running.record.timed_out = true;
            running.deadline.reset();
            terminate(running, now);
        } else if (running.kill_deadline && now >= *running.kill_deadline) {
            next_term_step(running, now);
        }
    }
}

int Scheduler::wait_timeout_ms(MonoTime now) const {
    std::optional<MonoTime> next;
    auto consider = [&next](std::optional<MonoTime> t) {
        if (t && (!next || *t < *next)) next = t;
    };
    if (m_starting && m_running.size() < m_max_jobs) {
        consider(m_retry_at);
        consider(m_gate_retry_at);
        // --block-timeout: a block cut short on time starts a job.
        if (m_want_input) consider(m_source.wake_at());
        // Only a delay still to come: once passed it holds nothing back (the stream has no
        // job ready, or has ended), and waking for it would spin.
        if (m_policy.delay_seconds > 0 && m_last_start) {
            MonoTime next_start = after(*m_last_start, m_policy.delay_seconds);
            if (next_start > now) consider(next_start);
        }
    }
    if (m_gate && m_gate->watches_running_jobs() && !m_running.empty())
        consider(m_next_overload_check ? m_next_overload_check : now);
    for (const auto& [seq, running] : m_running) {
        consider(running.deadline);
        consider(running.kill_deadline);
    }
    if (!next) return -1;
    if (*next <= now) return 0;
    // Round up, so we do not wake a moment early and spin.
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(*next - now).count();
    return static_cast<int>(std::min<long long>(ms, 60'000));
}

void Scheduler::on_output(std::uint64_t seq, Stream stream, std::string_view data) {
    auto it = m_running.find(seq);
    if (it == m_running.end()) return;
    TaskRecord& record = it->second.record;
    (stream == Stream::out ? record.stdout_bytes : record.stderr_bytes) += data.size();
    for (Reporter* reporter : m_reporters)
        reporter->on_output(record, stream, data);
    m_mux.output(seq, stream, data);
}

void Scheduler::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    auto it = m_running.find(seq);
    if (it == m_running.end()) return;
    Running& running = it->second;
    TaskRecord& record = running.record;
    record.end = exit.end;
    record.status = exit.status;
    record.usage = exit.usage;
    if (!exit.host.empty()) record.host = exit.host;
    m_free_slots.push(record.slot);
    if (running.host) m_hosts->release(*running.host);
    if (record.timed_out || record.killed) {
        // The job's process is gone; take the rest of its process group with it. Safe
        // here: no new process (which could reuse the id) has started since it was reaped.
        m_runner.signal_job(running.handle, SIGKILL);
    }
    if (exit.pid > 0) record.pid = exit.pid;
    // A job that lost its host runs again elsewhere whatever --retries says (it did not
    // fail), counted as an attempt; bounded in case every host loses it in turn.
    bool lost = exit.host_lost && m_hosts && !record.killed && !record.timed_out && m_starting &&
                record.attempts < std::uint64_t{job_attempts(running.job)} + m_hosts->size();
    if (lost) {
        spdlog::debug("job {} lost its connection to {}; running it again", seq, record.host);
        m_mux.discard(seq);
        m_deferred.push_back({std::move(running.job), record.attempts + 1, running.host});
        m_running.erase(it);
        return;
    }
    bool retry = !record.status.success() && !record.killed && m_starting &&
                 record.attempts < job_attempts(running.job);
    if (retry) {
        // Same job, same {#}; only the last attempt's output is shown.
        spdlog::debug("job {} {} (attempt {}); retrying", seq, record.status.describe(),
                      record.attempts);
        m_mux.discard(seq);
        m_deferred.push_back({std::move(running.job), record.attempts + 1, std::nullopt});
        m_running.erase(it);
        return;
    }
    m_mux.end(seq, !record.status.success());
    TaskRecord finished = std::move(record);
    m_running.erase(it);
    finish(finished);
}

void Scheduler::begin_stop(int signal) {
    m_starting = false;
    m_deferred.clear();
    m_runner.signal_all(signal);
    for (auto& [seq, running] : m_running)
        resume(running); // a stopped job would not see it
}

// GNU parallel's SIGHUP: start no new job, let the running ones finish (their output is
// printed as usual); SIGTERM or SIGINT still stop them. The exit status is the failures'.
void Scheduler::drain_on_hangup() {
    if (m_hung_up || m_signals_seen > 0) return;
    m_hung_up = true;
    m_starting = false;
    m_deferred.clear();
    spdlog::debug("got SIGHUP; no new jobs, waiting for {} running jobs", m_running.size());
    m_err.write(fmt::format(
        "prun: SIGHUP: no new jobs will be started; waiting for {} running job{} to finish "
        "(SIGTERM stops {})\n",
        m_running.size(), m_running.size() == 1 ? "" : "s", m_running.size() == 1 ? "it" : "them"));
}

void Scheduler::on_signal(int signal) {
    if (signal == SIGHUP) {
        drain_on_hangup();
        return;
    }
    ++m_signals_seen;
    for (auto& [seq, running] : m_running)
        running.record.killed = true;
    if (m_signals_seen == 1) {
        spdlog::debug("got {}; passing it to {} running jobs", signal_name(signal),
                      m_running.size());
        m_stop_signal = signal;
        begin_stop(signal);
        // Say what happens now: the jobs got the signal too, and prun waits for them.
        if (!m_running.empty())
            m_err.write(
                fmt::format("prun: waiting for {} running job{}; {} again to kill {}\n",
                            m_running.size(), m_running.size() == 1 ? "" : "s",
                            signal == SIGINT ? "Ctrl-C" : fmt::format("{}", signal_name(signal)),
                            m_running.size() == 1 ? "it" : "them"));
    } else {
        // The user insists: jobs that ignored the first signal get one they cannot ignore.
        spdlog::debug("got {} again; killing every job", signal_name(signal));
        m_runner.signal_all(SIGKILL);
    }
}

// After a run cut short (a signal, --halt): how many jobs never started, which no report
// lists. Not when the output failed: nobody reads stderr's word on it either, maybe.
void Scheduler::report_never_started() {
    if (m_stop_signal == 0 && !m_result.halt_status && !m_hung_up) return;
    std::uint64_t left = 0;
    std::optional<std::uint64_t> total = m_source.total();
    if (total && *total > m_source.count()) left += *total - m_source.count();
    bool input_left = !total && !m_source.exhausted();
    if (left == 0 && !input_left) return;
    m_err.write(fmt::format("prun: {} job{} never started{}\n", left, left == 1 ? "" : "s",
                            input_left ? ", and the rest of the input was not read" : ""));
}

void Scheduler::on_reader_gone(int fd) {
    if (fd == m_out.fd()) stop_for_output_error(EPIPE);
}

void Scheduler::stop_for_output_error(int err) {
    if (m_result.output_errno != 0) return;
    // Nobody reads our output any more: stop the jobs rather than run them blind.
    spdlog::debug("standard output failed ({}); stopping", errno_text(err));
    m_result.output_errno = err;
    m_starting = false;
    m_deferred.clear();
    kill_running(m_clock.now());
}

void Scheduler::on_input_ready() {
    m_source.on_readable();
}

RunResult Scheduler::run() {
    MonoTime run_start = m_clock.now();
    m_runner.watch_reader_gone(m_out.fd());
    while (true) {
        fill_slots();
        bool more_jobs = m_starting && (!m_deferred.empty() || !m_source.exhausted());
        if (m_running.empty() && !more_jobs) break;
        int input_fd = m_want_input ? m_source.pending_fd() : -1;
        // While every slot is busy, a stream that reads ahead (--pipe: one block) gets
        // the next job ready; it stops by itself, which is the backpressure on stdin.
        if (input_fd < 0 && m_starting) input_fd = m_source.prefetch_fd();
        m_runner.wait(wait_timeout_ms(m_clock.now()), input_fd, *this);
        enforce_deadlines(m_clock.now());
        check_overload(m_clock.now());
        if (m_out.failed()) stop_for_output_error(m_out.error());
    }
    m_mux.flush_all();
    report_never_started();
    m_summary.wall_seconds = seconds_between(run_start, m_clock.now());
    m_summary.stopped_by_signal = m_stop_signal;
    // GNU parallel: a run under --halt N% that did not halt exits with the percentage of
    // the jobs run that failed.
    if (!m_result.halt_status && m_policy.halt.when != HaltPolicy::When::never &&
        m_policy.halt.percent)
        m_result.halt_status =
            HaltPolicy{m_policy.halt.when, HaltPolicy::Count::fail, 1, true}.exit_status(
                m_summary.failed, m_summary.jobs, 0);
    for (Reporter* reporter : m_reporters)
        reporter->on_run_end(m_summary);
    m_result.summary = m_summary;
    return m_result;
}

} // namespace prun
