// CountedStream: every job read before the first is handed out, so the total is known
// from the start ({##}, total_jobs()); pending input is waited for, not skipped.

#include <deque>

#include <catch2/catch.hpp>

#include <prun/jobspec/counted_stream.hpp>

using namespace prun;

namespace {

// Hands out a scripted series of statuses, numbering the jobs it hands out.
class ScriptedStream final : public JobStream {
public:
    explicit ScriptedStream(std::deque<Status> script) : m_script(std::move(script)) {}
    Status next(Job& job) override {
        if (m_script.empty()) return Status::done;
        Status status = m_script.front();
        m_script.pop_front();
        if (status == Status::ready || status == Status::skipped) job.seq = ++m_count;
        if (status == Status::done) m_done = true;
        return status;
    }
    bool exhausted() const override { return m_done || m_script.empty(); }
    std::uint64_t count() const override { return m_count; }
    int pending_fd() const override { return 7; }

private:
    std::deque<Status> m_script;
    std::uint64_t m_count = 0;
    bool m_done = false;
};

} // namespace

TEST_CASE("the total is known before the first job is handed out") {
    using S = JobStream::Status;
    ScriptedStream inner({S::ready, S::pending, S::skipped, S::ready, S::done});
    CountedStream counted(inner);
    Job job;
    CHECK(counted.next(job) == S::pending); // the input is not all read yet
    CHECK(counted.pending_fd() == 7);
    CHECK_FALSE(counted.total());
    CHECK(counted.next(job) == S::ready);
    CHECK(job.seq == 1);
    CHECK(counted.total() == 3u);
    CHECK(counted.count() == 1u);
    CHECK_FALSE(counted.exhausted());
    CHECK(counted.next(job) == S::skipped); // statuses kept as they were
    CHECK(job.seq == 2);
    CHECK(counted.next(job) == S::ready);
    CHECK(job.seq == 3);
    CHECK(counted.exhausted());
    CHECK(counted.next(job) == S::done);
    CHECK(counted.count() == 3u);
}
