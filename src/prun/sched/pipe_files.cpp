#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/sched/pipe_files.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>
#include <prun/util/temp_file.hpp>

namespace prun {

namespace {

// --pipepart's bytes, copied in the kernel where it can (copy_file_range), else through a
// buffer.
bool copy_range(const FileRange& range, int to) {
    auto offset = static_cast<off_t>(range.offset);
    std::uint64_t left = range.length;
    while (left > 0) {
        ssize_t n = ::copy_file_range(range.fd, &offset, to, nullptr, left, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP))
            break;
        if (n < 0) return false;
        if (n == 0) return true; // the file got shorter: what is there
        left -= static_cast<std::uint64_t>(n);
    }
    std::string buffer(1 << 20, '\0');
    while (left > 0) {
        std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buffer.size()));
        ssize_t n = ::pread(range.fd, buffer.data(), want, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        if (!write_all(to, std::string_view(buffer.data(), static_cast<std::size_t>(n))))
            return false;
        offset += n;
        left -= static_cast<std::uint64_t>(n);
    }
    return true;
}

// --cat: the block in a new file; false with errno set if it cannot be written.
bool write_block_file(const std::string& path, const LaunchSpec& spec) {
    Fd file(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!file) return false;
    if (spec.stdin_data && !write_all(file.get(), *spec.stdin_data)) return false;
    return !spec.stdin_range || copy_range(*spec.stdin_range, file.get());
}

} // namespace

PipeFiles::PipeFiles(const std::string& parent) {
    std::string templ = (parent.empty() ? temporary_directory() : parent) + "/prun-pipe.XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr)
        throw Error("--cat/--fifo: cannot make a directory like '{}': {}", excerpt(templ),
                    errno_text(errno));
    m_directory = std::move(templ);
}

PipeFiles::~PipeFiles() {
    // Only prun's own files are in it (named by number): no recursion needed.
    if (DIR* dir = ::opendir(m_directory.c_str())) {
        while (const dirent* entry = ::readdir(dir)) {
            std::string_view name = entry->d_name;
            if (name != "." && name != "..") ::unlinkat(::dirfd(dir), entry->d_name, 0);
        }
        ::closedir(dir);
    }
    ::rmdir(m_directory.c_str());
}

std::string PipeFiles::path(std::uint64_t seq) const {
    return m_directory + '/' + std::to_string(seq);
}

std::string fifo_wrapper(const std::string& shell_code) {
    // In a shell without job control, a background command's stdin is /dev/null: only
    // cat reads the block.
    return "{\n" + shell_code + "\n} &\ncat >\"$PARALLEL_TMP\"\nwait $!";
}

PipeFileRunner::PipeFileRunner(Runner& inner, const PipeFiles& files,
                               CommandSettings::PipeFile kind)
    : ForwardingRunner(inner), m_files(files), m_kind(kind) {}

pid_t PipeFileRunner::start(std::uint64_t seq, unsigned slot, const LaunchSpec& spec, int& err) {
    std::string path = m_files.path(seq);
    LaunchSpec changed = spec;
    if (m_kind == CommandSettings::PipeFile::cat) {
        if (!write_block_file(path, spec)) {
            err = errno;
            ::unlink(path.c_str());
            return -1;
        }
        changed.stdin_data.reset();
        changed.stdin_range.reset();
    } else {
        ::unlink(path.c_str()); // a retry's, or a job's that was killed
        if (::mkfifo(path.c_str(), 0600) != 0) {
            err = errno;
            return -1;
        }
        changed.shell_code = fifo_wrapper(spec.shell_code);
        changed.argv.clear(); // the wrapper needs the shell (the CLI refuses --no-shell)
    }
    pid_t pid = m_inner.start(seq, slot, changed, err);
    if (pid < 0) ::unlink(path.c_str());
    return pid;
}

void PipeFileRunner::wait(int timeout_ms, int input_fd, ProcessObserver& observer) {
    m_observer = &observer;
    m_inner.wait(timeout_ms, input_fd, *this);
}

void PipeFileRunner::on_exit(std::uint64_t seq, const ProcessExit& exit) {
    // Before the scheduler hears of it: a retry it starts from there makes the file anew.
    ::unlink(m_files.path(seq).c_str());
    m_observer->on_exit(seq, exit);
}

} // namespace prun
