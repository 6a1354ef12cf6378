#include <cstdlib>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>

#include <prun/proc/path_lookup.hpp>

namespace prun {

namespace {

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
           ::access(path.c_str(), X_OK) == 0;
}

// Each entry of `path` in order; `from_cwd` tells whether the answer came from an empty
// entry (the current directory).
std::string search(const std::string& name, std::string_view path, bool& from_cwd) {
    from_cwd = false;
    while (true) {
        auto colon = path.find(':');
        std::string_view dir = path.substr(0, colon);
        std::string candidate = dir.empty() ? name : std::string(dir) + "/" + name;
        if (is_executable_file(candidate)) {
            from_cwd = dir.empty();
            return candidate;
        }
        if (colon == std::string_view::npos) return {};
        path.remove_prefix(colon + 1);
    }
}

} // namespace

std::string find_program(const std::string& name, std::string_view path) {
    if (name.find('/') != std::string::npos) return name;
    bool from_cwd;
    return search(name, path, from_cwd);
}

const std::string& PathCache::find(const std::string& name) {
    auto it = m_cache.find(name);
    if (it != m_cache.end()) return it->second;
    std::string found;
    if (name.find('/') != std::string::npos) {
        found = name;
    } else {
        const char* path_env = std::getenv("PATH");
        // sh's default when PATH is unset.
        std::string_view path = path_env ? path_env : "/usr/local/bin:/usr/bin:/bin";
        bool from_cwd;
        found = search(name, path, from_cwd);
        // Answers found in the current directory (an empty entry) are not cached: they
        // depend on where the job runs.
        if (from_cwd) {
            m_uncached = std::move(found);
            return m_uncached;
        }
    }
    return m_cache.emplace(name, std::move(found)).first->second;
}

} // namespace prun
