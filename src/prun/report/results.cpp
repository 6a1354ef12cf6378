#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/report/results.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

constexpr std::size_t k_max_label = 64;

bool is_safe(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("._+,=@-").find(static_cast<char>(c)) != std::string_view::npos;
}

// mkdir -p: each missing component of `path`.
int make_directories(const std::string& path) {
    for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        std::string prefix = path.substr(0, slash);
        if (::mkdir(prefix.c_str(), 0777) != 0 && errno != EEXIST) return errno;
        if (slash == std::string::npos) return 0;
    }
}

} // namespace

std::string result_folder_name(const TaskRecord& task) {
    std::string label;
    if (!task.name.empty()) {
        if (task.name != std::to_string(task.seq)) label = task.name;
    } else {
        for (const std::string& arg : task.args)
            label += (label.empty() ? "" : " ") + arg;
    }
    std::string name = std::to_string(task.seq);
    if (label.empty()) return name;
    name.push_back('-');
    for (std::size_t i = 0; i < label.size() && i < k_max_label; ++i)
        name.push_back(is_safe(static_cast<unsigned char>(label[i])) ? label[i] : '_');
    return name;
}

namespace {

// Not an errno value: what warn() says for a file that is not a regular file.
constexpr int k_not_regular = -1;

// Opens (creating, truncating) the file `name` of a job's folder, or returns -1 with errno
// set. A FIFO planted there would block a plain open() forever (and with it prun, signals
// pending): O_NONBLOCK makes that open return, and anything but a regular file is refused.
int open_result_file(int folder, const char* name) {
    Fd fd(::openat(folder, name, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
                   0666));
    if (!fd) {
        if (errno == ENXIO) errno = k_not_regular; // a FIFO without a reader
        return -1;
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return -1;
    if (!S_ISREG(st.st_mode)) {
        errno = k_not_regular;
        return -1;
    }
    // Regular files ignore O_NONBLOCK; clear it all the same, for what reads the flags.
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    return fd.release();
}

} // namespace

ResultsReporter::ResultsReporter(const std::string& dir) : m_dir(dir) {
    if (int err = make_directories(dir); err != 0)
        throw Error("cannot create --results directory '{}': {}", dir, errno_text(err));
    m_dir_fd.reset(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!m_dir_fd) throw Error("cannot open --results directory '{}': {}", dir, errno_text(errno));
    if (::faccessat(m_dir_fd.get(), ".", W_OK, 0) != 0)
        throw Error("cannot write to --results directory '{}': {}", dir, errno_text(errno));
}

ResultsReporter::JobFiles* ResultsReporter::open_job(const TaskRecord& task) {
    std::string name = result_folder_name(task);
    if (::mkdirat(m_dir_fd.get(), name.c_str(), 0777) != 0 && errno != EEXIST) {
        warn(task, errno);
        return nullptr;
    }
    JobFiles files;
    files.folder.reset(
        ::openat(m_dir_fd.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!files.folder) {
        warn(task, errno);
        return nullptr;
    }
    JobFiles& slot = m_open[task.seq];
    slot = std::move(files);
    return &slot;
}

void ResultsReporter::on_start(const TaskRecord& task) {
    // A retried attempt starts again: its files are truncated.
    JobFiles* files = open_job(task);
    if (files == nullptr) return;
    const char* names[2] = {"stdout", "stderr"};
    for (int i = 0; i < 2; ++i) {
        files->streams[i].reset(open_result_file(files->folder.get(), names[i]));
        if (!files->streams[i]) warn(task, names[i], errno);
    }
    write_file(*files, "command", task.command + "\n", task);
    ::unlinkat(files->folder.get(), "exit", 0); // from an earlier run into the same DIR
}

void ResultsReporter::on_output(const TaskRecord& task, Stream stream, std::string_view data) {
    auto it = m_open.find(task.seq);
    if (it == m_open.end()) return;
    Fd& fd = it->second.streams[static_cast<int>(stream)];
    if (fd && !write_all(fd.get(), data)) {
        warn(task, errno);
        fd.reset();
    }
}

void ResultsReporter::on_end(const TaskRecord& task) {
    auto it = m_open.find(task.seq);
    JobFiles* files = it != m_open.end() ? &it->second : open_job(task); // skipped: no start
    if (files == nullptr) return;
    if (task.skipped) write_file(*files, "command", task.command + "\n", task);
    if (!task.skipped && task.status.kind != ExitStatus::Kind::not_started)
        write_file(*files, "exit", std::to_string(task.status.shell_code()) + "\n", task);
    write_file(*files, "status", std::string(outcome_name(task.outcome())) + "\n", task);
    m_open.erase(task.seq);
}

void ResultsReporter::write_file(const JobFiles& files, const char* name, std::string_view content,
                                 const TaskRecord& task) {
    Fd fd(open_result_file(files.folder.get(), name));
    if (!fd || !write_all(fd.get(), content)) warn(task, name, errno);
}

void ResultsReporter::warn(const TaskRecord& task, int err) {
    warn(task, "", err);
}

void ResultsReporter::warn(const TaskRecord& task, std::string_view file, int err) {
    // The jobs matter more than their record: say so once, and carry on.
    if (m_warned) return;
    m_warned = true;
    spdlog::error("cannot write --results for job {} under '{}'{}{}: {}", task.seq, m_dir,
                  file.empty() ? "" : ", file ", file,
                  err == k_not_regular ? "not a regular file" : errno_text(err));
}

} // namespace prun
