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
} // namespace

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
        while (true) {
            auto colon = path.find(':');
            std::string_view dir = path.substr(0, colon);
            // An empty entry means the current directory; such answers are not cached
            // because they depend on where the job runs.
            std::string candidate = dir.empty() ? name : std::string(dir) + "/" + name;
            if (is_executable_file(candidate)) {
                if (dir.empty()) {
                    m_uncached = std::move(candidate);
                    return m_uncached;
                }
                found = std::move(candidate);
                break;
            }
            if (colon == std::string_view::npos) break;
            path.remove_prefix(colon + 1);
        }
    }
    return m_cache.emplace(name, std::move(found)).first->second;
}

} // namespace prun
