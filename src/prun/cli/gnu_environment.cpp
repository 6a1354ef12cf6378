#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/cli/gnu_environment.hpp>
#include <prun/util/error.hpp>
#include <prun/util/fd.hpp>

namespace prun {

namespace {

bool is_home_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// mkdir -p: each missing parent in turn; failures show as "not a directory" after.
void make_home_directories(const std::string& path) {
    for (std::size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
        std::string prefix = path.substr(0, slash);
        if (!prefix.empty() && !is_home_directory(prefix)) ::mkdir(prefix.c_str(), 0777);
        if (slash == std::string::npos) break;
    }
}

std::string read_parallel_env_file(const std::string& path) {
    // O_NONBLOCK off: a FIFO is read until its writer closes it (env_parallel's way).
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw Error("cannot read PARALLEL_ENV file '{}': {}", path, errno_text(errno));
    std::string text;
    char buffer[65536];
    while (true) {
        ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw Error("cannot read PARALLEL_ENV file '{}': {}", path, errno_text(errno));
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace

std::string parallel_home() {
    const char* home = std::getenv("HOME");
    std::string fallback =
        std::string(home != nullptr && *home != '\0' ? home : "/tmp") + "/.parallel";
    const char* wanted = std::getenv("PARALLEL_HOME");
    if (wanted == nullptr || *wanted == '\0') return fallback;
    std::string path = wanted;
    if (!is_home_directory(path)) make_home_directories(path);
    if (is_home_directory(path)) return path;
    std::cerr << "prun: warning: $PARALLEL_HOME (" << path << ") does not exist; using " << fallback
              << '\n';
    return fallback;
}

std::vector<std::string> parallel_config_dirs() {
    std::vector<std::string> candidates;
    auto add = [&](const char* variable, const char* suffix) {
        const char* value = std::getenv(variable);
        if (value != nullptr && *value != '\0') candidates.push_back(std::string(value) + suffix);
    };
    add("PARALLEL_HOME", "");
    add("XDG_CONFIG_HOME", "/parallel");
    if (const char* dirs = std::getenv("XDG_CONFIG_DIRS"); dirs != nullptr) {
        std::string list = dirs;
        for (std::size_t start = 0; start <= list.size();) {
            std::size_t colon = std::min(list.find(':', start), list.size());
            if (colon > start)
                candidates.push_back(list.substr(start, colon - start) + "/parallel");
            start = colon + 1;
        }
    }
    add("HOME", "/.parallel");
    std::vector<std::string> dirs;
    for (std::string& dir : candidates)
        if (is_home_directory(dir) && std::find(dirs.begin(), dirs.end(), dir) == dirs.end())
            dirs.push_back(std::move(dir));
    return dirs;
}

void record_environment() {
    std::vector<std::string> dirs = parallel_config_dirs();
    std::string dir = dirs.empty() ? parallel_home() : dirs.front();
    if (!is_home_directory(dir)) ::mkdir(dir.c_str(), 0777);
    std::string path = dir + "/ignored_vars";
    std::string names;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text = *entry;
        names.append(text.substr(0, text.find('=')));
        names.push_back('\n');
    }
    std::ofstream out(path, std::ios::trunc);
    out << names;
    out.close();
    if (!out) throw Error("--record-env: cannot write {}: {}", path, errno_text(errno));
}

std::string take_parallel_env() {
    const char* value = std::getenv("PARALLEL_ENV");
    if (value == nullptr || *value == '\0') {
        ::unsetenv("PARALLEL_ENV");
        return {};
    }
    std::string code = value;
    ::unsetenv("PARALLEL_ENV"); // it can be large: no job needs it in its environment
    struct stat st {};
    if (::stat(code.c_str(), &st) == 0) code = read_parallel_env_file(code);
    for (char& c : code)
        if (c == '\001') c = '\n';
    if (code.find('\0') != std::string::npos)
        std::cerr << "prun: warning: \\0 (NUL) in PARALLEL_ENV is not supported\n";
    return code;
}

} // namespace prun
