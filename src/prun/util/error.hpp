#pragma once
// The one exception type prun's higher layers throw. main() catches it, prints
// "prun: <what>" on one line and exits 255. Low-level code returns errors instead.

#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace prun {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& what) : std::runtime_error(what) {}

    template <typename... Args>
    explicit Error(fmt::format_string<Args...> format, Args&&... args)
        : std::runtime_error(fmt::format(format, std::forward<Args>(args)...)) {}
};

// At most `max` bytes of `text` for an error message, cut at a character boundary and
// marked "..." with the full size when cut, newlines and tabs written as \n and \t: a
// message stays one short line whatever the input.
std::string excerpt(std::string_view text, std::size_t max = 80);

// The description of errno value `err`, for messages ("No such file or directory").
std::string errno_text(int err);

} // namespace prun
