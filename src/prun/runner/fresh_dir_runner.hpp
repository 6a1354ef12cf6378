#pragma once
// GNU parallel's --wd ... for local jobs: each job runs in a folder of its own, made just
// before it starts (mkdtemp under $TMPDIR, which --tmpdir sets) and removed with all it
// holds once the job has exited. A retried job gets a new folder for each attempt.

#include <cstdint>
#include <string>
#include <unordered_map>

#include <prun/runner/runner.hpp>

namespace prun {

class FreshDirRunner : public ForwardingRunner {
public:
    // `inner` must outlive this object. Folders still held when it is destroyed (a run cut
    // short) are removed then.
    explicit FreshDirRunner(Runner& inner) : ForwardingRunner(inner) {}
    ~FreshDirRunner() override;
    FreshDirRunner(const FreshDirRunner&) = delete;
    FreshDirRunner& operator=(const FreshDirRunner&) = delete;

    // Fails with the folder's errno (nothing started) if it cannot be made.
    pid_t start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) override;
    void wait(int timeout_ms, int input_fd, ProcessObserver& observer) override;

private:
    class Observer;
    void remove(std::uint64_t seq);

    std::unordered_map<std::uint64_t, std::string> m_dirs; // by job, while it runs
};

} // namespace prun
