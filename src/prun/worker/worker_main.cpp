#include <cerrno>
#include <csignal>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>

#include <fmt/format.h>

#include <prun/runner/local_runner.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/worker/protocol.hpp>
#include <prun/worker/worker_main.hpp>

namespace prun::worker {

namespace {

constexpr std::size_t k_stdin_read_size = 64 * 1024;

class WorkerLoop : private ProcessObserver {
public:
    explicit WorkerLoop(const SpawnContext& context) : m_runner(context, true) {}

    int run() {
        m_out = std::string(k_stream_marker) + encode(HelloEvent{k_protocol_version});
        flush();
        while (m_reading || !m_jobs.empty()) {
            m_runner.wait(-1, m_reading ? STDIN_FILENO : -1, *this);
            flush();
        }
        return m_status;
    }

private:
    struct Job {
        pid_t pid = -1;
        bool signalled = false; // by the controller: its group goes when it exits
    };

    // Stop taking requests and kill every job; the loop ends once they are reaped.
    void stop(int status) {
        if (m_reading) m_status = status;
        m_reading = false;
        m_runner.signal_all(SIGKILL);
    }

    void flush() {
        if (m_out.empty()) return;
        if (!m_output_broken && !write_all(STDOUT_FILENO, m_out)) {
            m_output_broken = true; // the controller is gone: so are the jobs' readers
            stop(1);
        }
        m_out.clear();
    }

    void run_job(RunRequest& request) {
        LaunchSpec spec;
        spec.shell = std::move(request.shell);
        spec.shell_code = std::move(request.shell_code);
        spec.argv = std::move(request.argv);
        spec.env = std::move(request.env);
        spec.cwd = std::move(request.cwd);
        int err = 0;
        pid_t pid = -1;
        std::string why;
        try {
            pid = m_runner.start(request.seq, request.slot, spec, err);
            if (pid < 0) why = errno_text(err);
        } catch (const Error& e) {
            err = ENOENT;
            why = e.what();
        }
        if (pid >= 0) {
            m_jobs[request.seq] = Job{pid, false};
            return;
        }
        // Told as an end at once: the controller has counted the job as started.
        m_out += encode_output(
            request.seq, Stream::err,
            fmt::format("prun: cannot start job {} on this host: {}\n", request.seq, why));
        m_out += encode(ExitEvent{request.seq, ExitStatus::failed_to_start(err), {}});
    }

    void signal_job(const SignalRequest& request) {
        auto it = m_jobs.find(request.seq);
        if (it == m_jobs.end()) return; // ended already: its Exit is on the way
        it->second.signalled = true;
        m_runner.signal_job(it->second.pid, request.signal);
    }

    void on_input_ready() override {
        char buffer[k_stdin_read_size];
        ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
        if (n <= 0) {
            stop(m_jobs.empty() ? 0 : 1); // the controller is gone, or done with us
            return;
        }
        m_in.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        bool bad = false;
        while (auto frame = m_in.next()) {
            auto request = decode_request(*frame);
            if (!request) {
                bad = true;
                break;
            }
            if (auto* run = std::get_if<RunRequest>(&*request))
                run_job(*run);
            else
                signal_job(std::get<SignalRequest>(*request));
        }
        if (bad || m_in.failed()) {
            ::dprintf(STDERR_FILENO, "prun --worker: unreadable request; stopping\n");
            stop(1);
        }
    }

    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override {
        m_out += encode_output(seq, stream, data);
        // Large output goes out as it comes, so the worker never holds much of it.
        if (m_out.size() >= 256 * 1024) flush();
    }

    void on_exit(std::uint64_t seq, const ProcessExit& exit) override {
        pid_t pid = 0;
        auto it = m_jobs.find(seq);
        if (it != m_jobs.end()) {
            pid = it->second.pid;
            if (it->second.signalled) m_runner.signal_job(pid, SIGKILL);
            m_jobs.erase(it);
        }
        m_out += encode(ExitEvent{seq, exit.status, exit.usage, pid});
    }

    void on_signal(int signal) override { stop(128 + signal); }

    LocalRunner m_runner;
    FrameDecoder m_in;
    std::string m_out; // events not yet written
    std::unordered_map<std::uint64_t, Job> m_jobs;
    bool m_reading = true;
    bool m_output_broken = false;
    int m_status = 0;
};

} // namespace

int run_worker(const SpawnContext& context) {
    // The event loop waits on stdin: it must be something epoll takes.
    struct stat st {};
    if (::fstat(STDIN_FILENO, &st) != 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) {
        ::dprintf(STDERR_FILENO, "prun --worker: stdin must be a pipe or a socket\n");
        return 1;
    }
    return WorkerLoop(context).run();
}

} // namespace prun::worker
