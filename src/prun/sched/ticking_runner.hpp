#pragma once
// A Runner that wraps another so that the scheduler loop also serves a Ticker (the progress
// line): the ticker runs before every wait(), and the wait is cut short when the ticker
// will be due. The scheduler stays unaware of it: its loop already tolerates waking up early, so
// periodic work needs no change to it, and runs without --bar pay nothing at all.

#include <prun/sched/runner.hpp>
#include <prun/util/ticker.hpp>

namespace prun {

class TickingRunner : public Runner {
public:
    // Both must outlive this object.
    TickingRunner(Runner& inner, Ticker& ticker) : m_inner(inner), m_ticker(ticker) {}

    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override {
        return m_inner.start(seq, slot, spec, err);
    }
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;
    void signal_all(int signal) override { m_inner.signal_all(signal); }
    void signal_job(pid_t pid, int signal) override { m_inner.signal_job(pid, signal); }
    void watch_reader_gone(int fd) override { m_inner.watch_reader_gone(fd); }
    bool captures_output() const override { return m_inner.captures_output(); }
    bool write_stdin(std::uint64_t seq, std::shared_ptr<const std::string> data) override {
        return m_inner.write_stdin(seq, std::move(data));
    }
    void close_stdin(std::uint64_t seq) override { m_inner.close_stdin(seq); }

private:
    Runner& m_inner;
    Ticker& m_ticker;
};

// The shorter of two timeouts in milliseconds, where -1 means none.
int shorter_timeout(int a_ms, int b_ms);

} // namespace prun
