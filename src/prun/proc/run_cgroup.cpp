#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <prun/proc/run_cgroup.hpp>

namespace prun {

namespace {

// Where cgroup v2 is mounted ("" if it is not), from /proc/self/mountinfo: the mount point
// is field 5, the file system type follows the " - " separator.
std::string cgroup2_mount() {
    std::ifstream mounts("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mounts, line)) {
        std::size_t dash = line.find(" - ");
        if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0) continue;
        std::istringstream fields(line.substr(0, dash));
        std::string field;
        for (int i = 0; i < 5 && fields >> field; ++i) {
        }
        return field;
    }
    return {};
}

// prun's own cgroup v2 path ("0::/path" in /proc/self/cgroup), or "".
std::string own_cgroup() {
    std::ifstream groups("/proc/self/cgroup");
    std::string line;
    while (std::getline(groups, line))
        if (line.rfind("0::", 0) == 0) return line.substr(3);
    return {};
}

std::string read_cgroup_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool write_cgroup_file(const std::string& path, const std::string& text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

bool cgroup_populated(const std::string& path) {
    return read_cgroup_file(path + "/cgroup.events").find("populated 1") != std::string::npos;
}

} // namespace

RunCgroup::RunCgroup() {
    // For tests only: the orphan guard without a cgroup, as on a system that delegates none.
    const char* no_cgroup = std::getenv("PRUN_TEST_NO_CGROUP");
    if (no_cgroup != nullptr && std::strcmp(no_cgroup, "1") == 0) return;
    std::string mount = cgroup2_mount();
    std::string own = own_cgroup();
    if (mount.empty() || own.empty() || own.find("/..") != std::string::npos) return;
    std::string parent = mount + (own == "/" ? "" : own);
    // Moving a process needs write access to the cgroup.procs of both ends' common
    // ancestor: prun's own cgroup.
    if (::access((parent + "/cgroup.procs").c_str(), W_OK) != 0) return;
    std::string path = parent + "/prun." + std::to_string(::getpid());
    if (::mkdir(path.c_str(), 0755) != 0) {
        spdlog::debug("no cgroup for the run: {}: {}", path, std::strerror(errno));
        return;
    }
    m_procs.reset(::open((path + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC));
    if (!m_procs) {
        ::rmdir(path.c_str());
        return;
    }
    m_path = path;
    spdlog::debug("the run's jobs go to cgroup {}", m_path);
}

void RunCgroup::kill_all(const std::string& path) {
    // cgroup.kill (Linux 5.14) kills everything at once, forks racing it included; before
    // it, each listed process in turn, until none is left.
    bool killed = write_cgroup_file(path + "/cgroup.kill", "1");
    for (int i = 0; i < 100 && cgroup_populated(path); ++i) {
        if (!killed) {
            std::istringstream pids(read_cgroup_file(path + "/cgroup.procs"));
            for (pid_t pid; pids >> pid;)
                ::kill(pid, SIGKILL);
        }
        ::usleep(10'000);
    }
}

void RunCgroup::remove(const std::string& path) {
    std::string parent = path.substr(0, path.rfind('/'));
    for (int i = 0; i < 10 && ::rmdir(path.c_str()) != 0 && errno == EBUSY; ++i) {
        std::istringstream pids(read_cgroup_file(path + "/cgroup.procs"));
        for (pid_t pid; pids >> pid;)
            write_cgroup_file(parent + "/cgroup.procs", std::to_string(pid));
    }
}

} // namespace prun
