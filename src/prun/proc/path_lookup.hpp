#pragma once
// Finds a program the way the shell does (each $PATH entry in order; a name with a '/' is
// used as is), remembering answers so thousands of jobs pay for one search.

#include <string>
#include <string_view>
#include <unordered_map>

namespace prun {

// The path to execve for `name` with `path` as $PATH, or "" if there is none (no cache).
std::string find_program(const std::string& name, std::string_view path);

class PathCache {
public:
    // The path to execve for `name`, or "" if no executable file of that name is on PATH.
    // The reference is valid until the next call.
    const std::string& find(const std::string& name);

private:
    std::unordered_map<std::string, std::string> m_cache;
    std::string m_uncached; // the last answer that depended on the current directory
};

} // namespace prun
