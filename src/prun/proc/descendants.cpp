#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/prctl.h>
#include <unistd.h>
#include <unordered_map>

#include <prun/proc/descendants.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

// Reads a small /proc file whole ("" if it is gone).
std::string read_proc_file(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    std::string text;
    if (!fd) return text;
    char buffer[4096];
    while (true) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

// The numeric entries of a /proc directory.
std::vector<pid_t> numeric_entries(const std::string& path) {
    std::vector<pid_t> found;
    DIR* dir = ::opendir(path.c_str());
    if (dir == nullptr) return found;
    while (const dirent* entry = ::readdir(dir))
        if (entry->d_name[0] >= '1' && entry->d_name[0] <= '9')
            found.push_back(static_cast<pid_t>(std::atoi(entry->d_name)));
    ::closedir(dir);
    return found;
}

// Fields 4 and 6 of /proc/PID/stat (the parent and the session), after the command name,
// which may hold spaces and parentheses: it ends at the last ')'.
bool parent_and_session(pid_t pid, pid_t& parent, pid_t& session) {
    std::string stat = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) return false;
    char state;
    int ppid, pgrp, sid;
    if (std::sscanf(stat.c_str() + close + 1, " %c %d %d %d", &state, &ppid, &pgrp, &sid) != 4)
        return false;
    parent = ppid;
    session = sid;
    return true;
}

// The children of `pid`: from its threads' children files where the kernel has them,
// else (`scan`) from every process's parent in /proc.
std::vector<pid_t> children_of(pid_t pid, std::unordered_map<pid_t, std::vector<pid_t>>* scan) {
    std::vector<pid_t> children;
    if (scan != nullptr) {
        auto it = scan->find(pid);
        if (it != scan->end()) children = it->second;
        return children;
    }
    std::string task = "/proc/" + std::to_string(pid) + "/task/";
    for (pid_t tid : numeric_entries(task)) {
        std::string text = read_proc_file(task + std::to_string(tid) + "/children");
        const char* at = text.c_str();
        char* end;
        for (long child = std::strtol(at, &end, 10); end != at; child = std::strtol(at, &end, 10)) {
            children.push_back(static_cast<pid_t>(child));
            at = end;
        }
    }
    return children;
}

bool has_children_files() {
    static const bool has =
        ::access(("/proc/self/task/" + std::to_string(::getpid()) + "/children").c_str(), R_OK) ==
        0;
    return has;
}

// Who is whose child: read per process where the kernel lists children, else from one scan
// of every process's parent.
class ProcessTree {
public:
    ProcessTree() {
        if (has_children_files()) return;
        m_scanned = true;
        for (pid_t process : numeric_entries("/proc")) {
            pid_t parent, session;
            if (parent_and_session(process, parent, session))
                m_by_parent[parent].push_back(process);
        }
    }
    std::vector<pid_t> children(pid_t pid) {
        return children_of(pid, m_scanned ? &m_by_parent : nullptr);
    }

private:
    bool m_scanned = false;
    std::unordered_map<pid_t, std::vector<pid_t>> m_by_parent;
};

} // namespace

bool become_subreaper() {
    return ::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
}

std::vector<pid_t> descendants(pid_t pid) {
    ProcessTree tree;
    std::vector<pid_t> found;
    std::vector<pid_t> next = tree.children(pid);
    while (!next.empty()) {
        pid_t process = next.back();
        next.pop_back();
        // A pid seen twice (reused while we looked) would loop: stop there.
        if (std::find(found.begin(), found.end(), process) != found.end()) continue;
        found.push_back(process);
        std::vector<pid_t> children = tree.children(process);
        next.insert(next.end(), children.begin(), children.end());
    }
    return found;
}

void signal_job_tree(pid_t pid, int signal) {
    // Found first, while the parents that link them to the job still live.
    std::vector<pid_t> below = descendants(pid);
    ::kill(-pid, signal);
    for (pid_t process : below)
        ::kill(process, signal);
}

std::vector<pid_t> stray_children() {
    std::vector<pid_t> strays;
    pid_t own_session = ::getsid(0);
    for (pid_t child : ProcessTree().children(::getpid())) {
        pid_t parent, session;
        if (parent_and_session(child, parent, session) && session != own_session)
            strays.push_back(child);
    }
    return strays;
}

bool environment_has(pid_t pid, std::string_view entry) {
    std::string environ_text = read_proc_file("/proc/" + std::to_string(pid) + "/environ");
    std::string_view rest = environ_text;
    while (!rest.empty()) {
        std::size_t end = rest.find('\0');
        if (rest.substr(0, end) == entry) return true;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
    return false;
}

} // namespace prun
