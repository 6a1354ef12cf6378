#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <prun/runner/fresh_dir_runner.hpp>

namespace prun {

// Passes every event on, removing a job's folder once its exit is reported.
class FreshDirRunner::Observer : public ProcessObserver {
public:
    Observer(FreshDirRunner& runner, ProcessObserver& inner) : m_runner(runner), m_inner(inner) {}
    void on_output(std::uint64_t token, Stream stream, std::string_view data) override {
        m_inner.on_output(token, stream, data);
    }
    void on_exit(std::uint64_t token, const ProcessExit& exit) override {
        m_inner.on_exit(token, exit);
        m_runner.remove(token);
    }
    void on_signal(int signal) override { m_inner.on_signal(signal); }
    void on_input_ready() override { m_inner.on_input_ready(); }
    void on_stdin_drained(std::uint64_t token) override { m_inner.on_stdin_drained(token); }
    void on_reader_gone(int fd) override { m_inner.on_reader_gone(fd); }

private:
    FreshDirRunner& m_runner;
    ProcessObserver& m_inner;
};

FreshDirRunner::~FreshDirRunner() {
    std::vector<std::uint64_t> left;
    for (const auto& [seq, dir] : m_dirs)
        left.push_back(seq);
    for (std::uint64_t seq : left)
        remove(seq);
}

pid_t FreshDirRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    // The job's own folder wins (a job file's cwd), as it does over --wd DIR.
    if (!spec.cwd.empty()) return m_inner.start(seq, slot, spec, err);
    const char* tmpdir = std::getenv("TMPDIR");
    std::string pattern = std::string(tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp") +
                          "/prun-wd-" + std::to_string(seq) + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        err = errno;
        return -1;
    }
    remove(seq); // a retry's earlier folder, if its exit has not been reported yet
    m_dirs[seq] = pattern;
    LaunchSpec in_dir = spec;
    in_dir.cwd = pattern;
    pid_t pid = m_inner.start(seq, slot, in_dir, err);
    if (pid < 0) remove(seq);
    return pid;
}

void FreshDirRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    Observer removing(*this, observer);
    m_inner.wait(timeout_ms, input_fd, removing);
}

void FreshDirRunner::remove(std::uint64_t seq) {
    auto it = m_dirs.find(seq);
    if (it == m_dirs.end()) return;
    std::error_code ec; // a folder the job made unremovable stays: nothing to report it to
    std::filesystem::remove_all(it->second, ec);
    m_dirs.erase(it);
}

} // namespace prun
