#pragma once
// --cat and --fifo (GNU parallel's): a --pipe job's block reaches it as a file named by {}
// (and $PARALLEL_TMP) instead of on its stdin; with --fifo, the file is a named pipe the
// block comes through, so it is never written to disk.
//
// PipeFiles is the run's private directory for them (0700, under $TMPDIR); its destructor
// removes it with whatever is left in it, so an interrupted run (Ctrl-C, --halt, a
// timeout) leaves nothing behind. Only a SIGKILLed prun leaves it.
//
// PipeFileRunner is the Runner decorator that makes each job's file before the job
// starts and removes it when the job ends:
// - --cat: prun writes the block (and --pipepart's byte range) to the file; the job's stdin
//   is /dev/null.
// - --fifo: prun makes the named pipe; the job runs under a small POSIX sh wrapper that
//   starts the command in the background and copies its stdin (the block, as without
//   --fifo) into the pipe with cat, then waits for the command (GNU's wrapper does the
//   same). A command that never opens the pipe then never ends, as with GNU.

#include <cstdint>
#include <string>

#include <prun/runner/runner.hpp>
#include <prun/sched/command_settings.hpp>

namespace prun {

class PipeFiles {
public:
    // Makes the directory under `parent` (temporary_directory() if ""). Throws Error.
    explicit PipeFiles(const std::string& parent = {});
    ~PipeFiles();
    PipeFiles(const PipeFiles&) = delete;
    PipeFiles& operator=(const PipeFiles&) = delete;

    const std::string& directory() const { return m_directory; }
    // The file of the job numbered `seq`.
    std::string path(std::uint64_t seq) const;

private:
    std::string m_directory;
};

class PipeFileRunner : public ForwardingRunner, private ProcessObserver {
public:
    PipeFileRunner(Runner& inner, const PipeFiles& files, CommandSettings::PipeFile kind);

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

    const PipeFiles& m_files;
    CommandSettings::PipeFile m_kind;
    ProcessObserver* m_observer = nullptr; // the scheduler, during wait()
};

// --fifo's wrapper around a job's shell code (which may end in a comment or a
// here-document, hence the newlines).
std::string fifo_wrapper(const std::string& shell_code);

} // namespace prun
