#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <prun/proc/process_limit.hpp>

namespace prun {

namespace {

// The threads of process `pid` if its real uid is `uid`, else 0 (also when it is gone).
unsigned long threads_of(const char* pid, uid_t uid) {
    char path[300]; // "/proc/" + a directory entry's name (up to 255) + "/status"
    std::snprintf(path, sizeof path, "/proc/%s/status", pid);
    std::FILE* file = std::fopen(path, "re");
    if (file == nullptr) return 0;
    char line[256];
    bool mine = false;
    unsigned long threads = 1;
    while (std::fgets(line, sizeof line, file) != nullptr) {
        if (std::strncmp(line, "Uid:", 4) == 0)
            mine = std::strtoul(line + 4, nullptr, 10) == uid;
        else if (std::strncmp(line, "Threads:", 8) == 0)
            threads = std::strtoul(line + 8, nullptr, 10);
    }
    std::fclose(file);
    return mine ? threads : 0;
}

} // namespace

std::optional<ProcessRoom> process_room() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NPROC, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return {};
    if (::geteuid() == 0) return {}; // root is not held to it
    DIR* proc = ::opendir("/proc");
    if (proc == nullptr) return {};
    ProcessRoom room;
    room.limit = limit.rlim_cur;
    uid_t uid = ::getuid(); // the kernel counts by real uid
    while (const dirent* entry = ::readdir(proc))
        if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9')
            room.used += threads_of(entry->d_name, uid);
    ::closedir(proc);
    if (room.used == 0) return {}; // not even prun was seen: /proc is not what we think
    // One process kept spare: for a job's pipeline, or a tool prun itself runs.
    unsigned long left = room.limit > room.used + 1 ? room.limit - room.used - 1 : 0;
    room.jobs = static_cast<unsigned>(std::max(1ul, left / k_processes_per_job));
    return room;
}

} // namespace prun
