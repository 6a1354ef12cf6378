#include <array>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <prun/proc/job_shell.hpp>
#include <prun/proc/path_lookup.hpp>
#include <prun/util/error.hpp>

namespace prun {

namespace {

// GNU parallel's list of "all shells known to mankind".
constexpr std::array<std::string_view, 24> k_shells = {
    "ash",  "bash",  "bsd-csh", "csh",  "dash",      "fdsh", "fish",  "fizsh",
    "ksh",  "ksh93", "lksh",    "mksh", "pdksh",     "posh", "rbash", "rc",
    "rush", "rzsh",  "sash",    "sh",   "static-sh", "tcsh", "yash",  "zsh"};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The parent of `pid` from /proc/PID/stat ("pid (comm) state ppid ..."; comm may hold
// blanks and parentheses, so the fields are counted from the last ')').
pid_t parent_of(pid_t pid) {
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
    auto close = stat.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream fields(stat.substr(close + 1));
    std::string state;
    long ppid = 0;
    fields >> state >> ppid;
    return static_cast<pid_t>(ppid);
}

bool is_executable(const std::string& path) {
    return ::access(path.c_str(), X_OK) == 0;
}

std::string path_env() {
    const char* path = std::getenv("PATH");
    return path != nullptr ? path : "/usr/bin:/bin";
}

// The program to run for the shell process `pid` whose argv[0] is `argv0`.
std::string shell_path(pid_t pid, std::string_view argv0, std::string_view name) {
    if (argv0.starts_with('/') && is_executable(std::string(argv0))) return std::string(argv0);
    if (argv0.find('/') == std::string_view::npos) {
        std::string found = find_program(std::string(name), path_env());
        if (!found.empty()) return found;
    }
    // A relative path, or a name not on our PATH: the binary the process runs.
    std::array<char, 4096> buffer{};
    std::string exe = "/proc/" + std::to_string(pid) + "/exe";
    ssize_t n = ::readlink(exe.c_str(), buffer.data(), buffer.size() - 1);
    return n > 0 ? std::string(buffer.data(), static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::string> ancestor_shell() {
    for (pid_t pid = ::getppid(); pid > 1; pid = parent_of(pid)) {
        std::string cmdline = read_file("/proc/" + std::to_string(pid) + "/cmdline");
        std::string_view argv0(cmdline.c_str()); // up to the first NUL
        if (auto name = known_shell_name(argv0)) {
            std::string path = shell_path(pid, argv0, *name);
            if (!path.empty()) return path;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string_view> known_shell_name(std::string_view argv0) {
    auto slash = argv0.rfind('/');
    std::string_view name = slash == std::string_view::npos ? argv0 : argv0.substr(slash + 1);
    if (slash == std::string_view::npos && name.starts_with('-')) name.remove_prefix(1);
    for (std::string_view shell : k_shells)
        if (name == shell) return shell;
    return std::nullopt;
}

std::string default_job_shell(const Environment& env) {
    for (const char* variable : {"PRUN_SHELL", "PARALLEL_SHELL"}) {
        std::optional<std::string> value = env(variable);
        if (!value || value->empty()) continue;
        std::string shell = *value;
        std::string found = find_program(shell, path_env());
        if (found.empty() || !is_executable(found))
            throw Error("{}='{}': no such shell (it names the shell that runs the jobs)", variable,
                        shell);
        return shell;
    }
    if (auto shell = ancestor_shell()) return *shell;
    std::optional<std::string> login = env("SHELL");
    if (login && !login->empty() && is_executable(*login)) return *login;
    return "/bin/sh";
}

std::unordered_set<std::string> exported_shell_functions() {
    std::unordered_set<std::string> names;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        if (!text.starts_with("BASH_FUNC_")) continue;
        auto end = text.find("%%=");
        if (end == std::string_view::npos) continue;
        names.emplace(text.substr(10, end - 10));
    }
    return names;
}

} // namespace prun
