#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <prun/runner/template_files.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

int write_template_file(const std::string& path, const std::string& content) {
    if (path.empty()) return ENOENT;
    Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0666));
    if (!fd.valid()) return errno;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return errno;
    if (!S_ISREG(st.st_mode)) return S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
    if (::ftruncate(fd.get(), 0) != 0) return errno;
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        done += static_cast<std::size_t>(n);
    }
    return 0;
}

pid_t TemplateFileRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec,
                                int& err) {
    for (const auto& [path, content] : spec.write_files) {
        if (int failed = write_template_file(path, content); failed != 0) {
            // Not EAGAIN/ENOMEM's "try again later": the scheduler fails the job, and
            // this line names the file.
            err = failed == EAGAIN || failed == ENOMEM ? EIO : failed;
            std::string line = fmt::format("prun: job {}: cannot write --tmpl file '{}': {}\n", seq,
                                           excerpt(path), errno_text(failed));
            (void)!::write(STDERR_FILENO, line.data(), line.size());
            return -1;
        }
    }
    pid_t pid = m_inner.start(seq, slot, spec, err);
    if (spec.remove_written_files) {
        std::vector<std::string> names;
        for (const auto& file : spec.write_files)
            names.push_back(file.first);
        if (pid < 0)
            for (const std::string& name : names)
                ::unlink(name.c_str());
        else
            m_to_remove[seq] = std::move(names);
    }
    return pid;
}

void TemplateFileRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_observer = &observer;
    m_inner.wait(timeout_ms, input_fd, *this);
}

void TemplateFileRunner::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    remove_files(seq);
    m_observer->on_exit(seq, exit);
}

void TemplateFileRunner::remove_files(std::uint64_t seq) {
    auto it = m_to_remove.find(seq);
    if (it == m_to_remove.end()) return;
    for (const std::string& name : it->second)
        ::unlink(name.c_str());
    m_to_remove.erase(it);
}

} // namespace prun
