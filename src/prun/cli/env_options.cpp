#include <cstdlib>

#include <prun/cli/env_options.hpp>
#include <prun/util/error.hpp>
#include <prun/util/shell_words.hpp>

namespace prun {

std::vector<std::string> options_from_environment() {
    const char* text = std::getenv("PRUN_OPTS");
    if (text == nullptr) return {};
    std::string error;
    auto words = split_shell_words(text, error);
    if (!words) throw Error("cannot read PRUN_OPTS: {} (it is split into words as sh does)", error);
    return *words;
}

} // namespace prun
