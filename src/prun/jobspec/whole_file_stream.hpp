#pragma once
// --pipepart --tee: every job of another stream gets all of one file on its stdin (GNU
// gives each `< FILE`), spliced from the file as --pipepart's ranges are.

#include <memory>
#include <string>

#include <prun/jobspec/job_stream.hpp>
#include <prun/util/fd.hpp>

namespace prun {

class WholeFileStream final : public JobStream {
public:
    // Throws Error if `path` cannot be opened or is not a regular file.
    WholeFileStream(std::unique_ptr<JobStream> inner, const std::string& path);

    Status next(Job& job) override;
    int pending_fd() const override { return m_inner->pending_fd(); }
    int prefetch_fd() const override { return m_inner->prefetch_fd(); }
    void on_readable() override { m_inner->on_readable(); }
    void on_job_done(const JobEnd& end) override { m_inner->on_job_done(end); }
    bool exhausted() const override { return m_inner->exhausted(); }
    std::uint64_t count() const override { return m_inner->count(); }
    std::optional<std::uint64_t> total() const override { return m_inner->total(); }

private:
    std::unique_ptr<JobStream> m_inner;
    Fd m_file;
    std::uint64_t m_size = 0;
};

} // namespace prun
