#pragma once
// --tmpl: a Runner that writes each job's filled-in template files (LaunchSpec::write_files)
// just before the job starts, and with --cleanup removes them once it has ended. Local
// jobs only (the files are written on this machine); --dry-run writes nothing, as it is
// not wrapped in one.

#include <string>
#include <unordered_map>
#include <vector>

#include <prun/runner/runner.hpp>

namespace prun {

class TemplateFileRunner final : public ForwardingRunner, private ProcessObserver {
public:
    explicit TemplateFileRunner(Runner& inner) : ForwardingRunner(inner) {}

    // A file that cannot be written fails the job's start (-1, `err` set), said once on
    // stderr with the file's name.
    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;

private:
    void on_output(std::uint64_t seq, Stream stream, std::string_view data) override {
        m_observer->on_output(seq, stream, data);
    }
    void on_exit(std::uint64_t seq, const ProcessExit& exit) override;
    void on_signal(int signal) override { m_observer->on_signal(signal); }
    void on_input_ready() override { m_observer->on_input_ready(); }
    void on_stdin_drained(std::uint64_t seq) override { m_observer->on_stdin_drained(seq); }
    void on_reader_gone(int fd) override { m_observer->on_reader_gone(fd); }
    void remove_files(std::uint64_t seq);

    ProcessObserver* m_observer = nullptr;
    // --cleanup: the files of each running job, to remove when it ends.
    std::unordered_map<std::uint64_t, std::vector<std::string>> m_to_remove;
};

// Writes `content` to `path` (created with mode 0666 less the umask, or truncated). A path
// that is not a regular file (a FIFO, a directory) is refused rather than opened for
// writing, which could block. Returns 0, or the errno.
int write_template_file(const std::string& path, const std::string& content);

} // namespace prun
