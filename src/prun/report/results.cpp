#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/report/results.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

constexpr std::size_t k_max_component = 255; // NAME_MAX

// One name or value as a path component (see results.hpp).
std::string path_component(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\0':
            out += "\\0";
            break;
        case '/':
            out += "\\_";
            break;
        default:
            out.push_back(c);
        }
    }
    if (out == "." || out == "..") out.insert(0, 1, '\\');
    if (out.size() > k_max_component) out.resize(k_max_component);
    return out;
}

// Perl's numeric value of a string, for GNU's sort of the column names ("10a" is 10,
// "x" is 0): its leading decimal number (strtod would also read hex, "inf" ...).
double leading_number(const std::string& text) {
    std::size_t end = text.find_first_not_of(" \t\n");
    if (end == std::string::npos) return 0;
    std::size_t start = end;
    if (text[end] == '-' || text[end] == '+') ++end;
    end = text.find_first_not_of("0123456789", end);
    if (end != std::string::npos && text[end] == '.')
        end = text.find_first_not_of("0123456789", end + 1);
    std::string number = text.substr(start, end - start);
    if (number.find_first_of("0123456789") == std::string::npos) return 0;
    return std::strtod(number.c_str(), nullptr);
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

std::vector<std::string> result_folder_path(const TaskRecord& task,
                                            const std::vector<std::string>& column_names) {
    std::vector<std::string> values = task.args;
    if (!task.name.empty()) values = {task.name};
    std::vector<std::string> names(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        names[i] = i < column_names.size() && !column_names[i].empty() ? column_names[i]
                                                                       : std::to_string(i + 1);
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&names](std::size_t a, std::size_t b) {
        double x = leading_number(names[a]), y = leading_number(names[b]);
        return x != y ? x < y : names[a] < names[b];
    });
    std::vector<std::string> path;
    for (std::size_t i : order)
        for (const std::string* text : {&names[i], &values[i]})
            if (std::string component = path_component(*text); !component.empty())
                path.push_back(std::move(component));
    return path;
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

ResultsReporter::ResultsReporter(const std::string& dir, std::vector<std::string> column_names)
    : m_dir(dir), m_names(std::move(column_names)) {
    if (int err = make_directories(dir); err != 0)
        throw Error("cannot create --results directory '{}': {}", dir, errno_text(err));
    m_dir_fd.reset(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!m_dir_fd) throw Error("cannot open --results directory '{}': {}", dir, errno_text(errno));
    if (::faccessat(m_dir_fd.get(), ".", W_OK, 0) != 0)
        throw Error("cannot write to --results directory '{}': {}", dir, errno_text(errno));
}

ResultsReporter::JobFiles* ResultsReporter::open_job(const TaskRecord& task) {
    JobFiles files;
    files.folder.reset(::fcntl(m_dir_fd.get(), F_DUPFD_CLOEXEC, 0));
    files.path = m_dir;
    while (files.path.size() > 1 && files.path.back() == '/')
        files.path.pop_back();
    for (const std::string& name : result_folder_path(task, m_names)) {
        if (files.path.back() != '/') files.path.push_back('/');
        files.path += name;
        if (::mkdirat(files.folder.get(), name.c_str(), 0777) != 0 && errno != EEXIST) {
            warn(task, errno);
            return nullptr;
        }
        files.folder.reset(::openat(files.folder.get(), name.c_str(),
                                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!files.folder) {
            warn(task, errno);
            return nullptr;
        }
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
    write_file(*files, "seq", std::to_string(task.seq), task);
    write_file(*files, "command", task.command + "\n", task);
    ::unlinkat(files->folder.get(), "exit", 0); // from an earlier run into the same DIR
}

std::string ResultsReporter::stdout_path(std::uint64_t seq) const {
    auto it = m_open.find(seq);
    if (it == m_open.end()) return {};
    const std::string& path = it->second.path;
    return path.empty() || path.back() != '/' ? path + "/stdout" : path + "stdout";
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
    if (task.skipped) {
        write_file(*files, "seq", std::to_string(task.seq), task);
        write_file(*files, "command", task.command + "\n", task);
    }
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
