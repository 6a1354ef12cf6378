#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>

#include <prun/jobspec/whole_file_stream.hpp>
#include <prun/util/error.hpp>

namespace prun {

WholeFileStream::WholeFileStream(std::unique_ptr<JobStream> inner, const std::string& path)
    // O_NONBLOCK: a FIFO must not block the open (it is refused just after).
    : m_inner(std::move(inner)), m_file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)) {
    if (!m_file) throw Error("--pipepart: cannot open '{}': {}", excerpt(path), errno_text(errno));
    struct stat st {};
    if (::fstat(m_file.get(), &st) != 0 || !S_ISREG(st.st_mode))
        throw Error("--pipepart needs a regular file; '{}' is not one (use --pipe for a pipe)",
                    excerpt(path));
    m_size = static_cast<std::uint64_t>(st.st_size);
}

JobStream::Status WholeFileStream::next(Job& job) {
    Status status = m_inner->next(job);
    if (status == Status::ready) job.stdin_range = FileRange{m_file.get(), 0, m_size};
    return status;
}

} // namespace prun
